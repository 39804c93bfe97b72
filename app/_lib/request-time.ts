/**
 * The time a server page is rendered at. Booking pages render once per request
 * (force-dynamic) and hand this to their client components as the starting "now", so the
 * server's HTML and the browser's first render agree on today's date and what has started.
 */
export function requestTime(): number {
  return Date.now();
}
