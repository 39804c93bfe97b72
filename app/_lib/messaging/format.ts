/** Message times in the reader's own zone: "10:42" today, "21 Nov, 10:42" before. Rendered in the browser only. */
export function messageTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  if (at.toDateString() === now.toDateString()) return time;
  return `${at.toLocaleDateString(undefined, { day: "numeric", month: "short" })}, ${time}`;
}

/** A message body's length as the server counts it (code points, not UTF-16 units). */
export function bodyLength(body: string): number {
  return [...body].length;
}
