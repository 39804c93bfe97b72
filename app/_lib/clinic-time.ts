/**
 * Times as the clinic sees them: always in the location's IANA time zone, whatever the
 * viewer's own zone. Only the numeric fields come from Intl; names come from fixed lists, so
 * the server render and the browser agree even when their ICU versions abbreviate
 * differently ("Sep" or "Sept"), which would otherwise break hydration.
 */
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const DAY_MS = 86_400_000;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: string;
  minute: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function numericFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function localParts(instant: string | number | Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(numericFormatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: parts.hour ?? "00", minute: parts.minute ?? "00" };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The local date of an instant in the zone, as YYYY-MM-DD. */
export function localDateIn(instant: string | number | Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** "09:30" in the zone. */
export function formatTime(instant: string | number | Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** "Tue 8 Dec" for a YYYY-MM-DD date (a calendar date, no zone needed). */
export function formatDay(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAYS[weekday]} ${d} ${MONTHS[m - 1]}`;
}

/** "Tue 8 Dec, 09:30 (Europe/Berlin)": how every appointment time is shown. */
export function formatClinicTime(instant: string | number | Date, timeZone: string): string {
  return `${formatDay(localDateIn(instant, timeZone))}, ${formatTime(instant, timeZone)} (${timeZone})`;
}

/** The date `days` after a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** `count` consecutive dates from `first`. */
export function datesFrom(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}

/** Hour of day (0–23) of an instant in the zone. */
export function localHour(instant: string, timeZone: string): number {
  return Number(localParts(instant, timeZone).hour);
}
