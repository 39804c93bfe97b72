"use client";

import { useCallback, useState, useSyncExternalStore } from "react";

const CHANGED = "clinicflow:stored-value";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage switched off: the value just isn't remembered
  }
}

/**
 * A small value this browser remembers (localStorage), e.g. the desk a receptionist calls to.
 * null on the server and until set, so the server render and the first browser render agree.
 * Other tabs see changes through the `storage` event until something is typed here.
 */
export function useStoredValue(key: string): [string | null, (value: string) => void] {
  // What was typed here wins, also when storage is switched off and cannot hold it.
  const [typed, setTyped] = useState<string | null>(null);
  const stored = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => null,
  );
  const store = useCallback(
    (next: string) => {
      setTyped(next);
      try {
        window.localStorage.setItem(key, next);
      } catch {
        // not remembered; the field still holds what was typed until the page is left
      }
      window.dispatchEvent(new Event(CHANGED));
    },
    [key],
  );
  return [typed ?? stored, store];
}
