"use client";

import { useEffect, useState } from "react";

/**
 * The current time, starting from the server's render time (so the server render and the
 * browser's first render agree) and ticking every `everyMs` afterwards.
 */
export function useNow(renderedAt: number, everyMs = 30_000): number {
  const [now, setNow] = useState(renderedAt);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const timer = setInterval(tick, everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
