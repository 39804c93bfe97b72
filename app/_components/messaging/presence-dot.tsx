import type { Colleague } from "@/app/_lib/messaging/wire";

const LABELS: Record<Colleague["status"], string> = { online: "online", away: "away", offline: "offline" };

/** A coloured dot with the status in words for screen readers (and as a tooltip). */
export function PresenceDot({ status }: { status: Colleague["status"] | undefined }) {
  const shown = status ?? "offline";
  return (
    <span className="presence-dot" data-status={shown} role="img" aria-label={LABELS[shown]} title={LABELS[shown]} />
  );
}

/** "Online", "Away", or "Offline · last seen 10:42". */
export function presenceText(status: Colleague["status"], lastSeenAt: string | null, now = Date.now()): string {
  if (status === "online") return "Online";
  if (status === "away") return "Away";
  return lastSeenAt ? `Offline · last seen ${lastSeenText(lastSeenAt, now)}` : "Offline";
}

function lastSeenText(at: string, now: number): string {
  const then = new Date(at);
  const minutes = Math.round((now - then.getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const sameDay = new Date(now).toDateString() === then.toDateString();
  return sameDay ? then.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }) : then.toLocaleDateString(undefined, { day: "numeric", month: "short" });
}
