/**
 * Wall-clock times of a weekly pattern as "HH:MM" (minutes from local midnight in the
 * location's time zone). "24:00" names the end of the day. No Prisma import: the browser
 * uses these too.
 */
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const END_OF_DAY = "24:00";
export const MINUTES_PER_DAY = 24 * 60;

/** 0 = Sunday … 6 = Saturday, as stored in WeeklyAvailability. */
export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/** Minutes from midnight, or null when the text is not a time of day ("24:00" only with endOfDay). */
export function parseClockTime(value: string, { endOfDay = false } = {}): number | null {
  if (endOfDay && value === END_OF_DAY) return MINUTES_PER_DAY;
  const match = CLOCK_TIME.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function formatClockTime(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
