import { tzOffset } from "@date-fns/tz";

/**
 * Wall-clock time in a location's IANA time zone. Slots are defined in local time (a clinic
 * opens at 08:00 whatever the season) and stored as instants. Dates are `YYYY-MM-DD` strings.
 */
const MINUTE = 60_000;
const DAY_MS = 86_400_000;

/** Offset of the zone from UTC at an instant, in minutes. */
export function offsetMinutes(timeZone: string, instant: number): number {
  return tzOffset(timeZone, new Date(instant));
}

function naiveUtc(date: string, minuteOfDay: number): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) + minuteOfDay * MINUTE;
}

/**
 * The instant a local wall-clock time names, or null when that time does not exist (the hour
 * skipped when clocks go forward). When it exists twice (clocks go back), the earlier one.
 */
export function localToInstant(date: string, minuteOfDay: number, timeZone: string): number | null {
  const local = naiveUtc(date, minuteOfDay);
  // The offset can only be one of the offsets in force a day either side.
  const before = offsetMinutes(timeZone, local - DAY_MS);
  const after = offsetMinutes(timeZone, local + DAY_MS);
  const candidates = [...new Set([before, after])]
    .map((offset) => local - offset * MINUTE)
    .filter((instant) => localMinuteKey(instant, timeZone) === local)
    .sort((a, b) => a - b);
  return candidates[0] ?? null;
}

function localMinuteKey(instant: number, timeZone: string): number {
  return instant + offsetMinutes(timeZone, instant) * MINUTE;
}

/** The local date of an instant. */
export function localDateOf(instant: number, timeZone: string): string {
  return new Date(localMinuteKey(instant, timeZone)).toISOString().slice(0, 10);
}

/** Minutes since local midnight of an instant. */
export function localMinuteOf(instant: number, timeZone: string): number {
  const key = localMinuteKey(instant, timeZone);
  return Math.floor((key % DAY_MS) / MINUTE);
}

/** 0 = Sunday … 6 = Saturday, as stored in WeeklyAvailability. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addDays(date: string, days: number): string {
  return new Date(naiveUtc(date, 0) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((naiveUtc(to, 0) - naiveUtc(from, 0)) / DAY_MS);
}

export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/** The instant local midnight begins on `date` (the first instant of that local day). */
export function startOfLocalDay(date: string, timeZone: string): number {
  for (let minute = 0; minute < 24 * 60; minute += 15) {
    const instant = localToInstant(date, minute, timeZone);
    if (instant !== null) return instant;
  }
  throw new Error(`no valid local time on ${date} in ${timeZone}`);
}
