"use client";

import { useEffect, useState, useSyncExternalStore, type RefObject } from "react";

function subscribeToAttention(onChange: () => void): () => void {
  document.addEventListener("visibilitychange", onChange);
  window.addEventListener("focus", onChange);
  window.addEventListener("blur", onChange);
  return () => {
    document.removeEventListener("visibilitychange", onChange);
    window.removeEventListener("focus", onChange);
    window.removeEventListener("blur", onChange);
  };
}

/** Whether the user can be looking at this tab: it is visible and its window has the focus. */
export function useAttention(): boolean {
  return useSyncExternalStore(
    subscribeToAttention,
    () => document.visibilityState === "visible" && document.hasFocus(),
    () => false,
  );
}

/** Whether the element is scrolled into view inside its scrolling box; `mounted` says when both are on the page. */
export function useInView(target: RefObject<Element | null>, root: RefObject<Element | null>, mounted: boolean): boolean {
  const [inView, setInView] = useState(false);
  useEffect(() => {
    const element = target.current;
    if (!mounted || !element) return;
    const observer = new IntersectionObserver((entries) => setInView(entries.some((e) => e.isIntersecting)), { root: root.current, threshold: 0 });
    observer.observe(element);
    return () => observer.disconnect();
  }, [target, root, mounted]);
  return inView;
}
