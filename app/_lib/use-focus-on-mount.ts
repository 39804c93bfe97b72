"use client";

import { useEffect, useRef } from "react";

/**
 * A ref for the heading of a panel that replaces what the user just clicked (the clicked
 * button is gone): focus moves to the panel, so keyboard and screen-reader users land on the
 * news instead of the top of the page. The element needs tabIndex={-1}.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
