import { localToInstant } from "../booking/local-time.ts";

const MOMENT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * A time-off boundary as reception types it: an ISO 8601 instant with an offset
 * (`2026-12-24T08:00:00+01:00`, `…Z`), or a local date-time without one
 * (`2026-12-24T08:00`, what a datetime-local input sends), read in the location's zone.
 */
export function parseTimeOffMoment(value: string, timeZone: string): { instant: number } | { problem: string } {
  const match = MOMENT.exec(value);
  if (!match) return { problem: "must be a date-time as YYYY-MM-DDTHH:MM, with an offset (+01:00, Z) or in the location's time zone" };
  const [, y, mo, d, h, mi, s = "0", ms = "0", offset] = match;
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, "0"))] as const;
  const naive = Date.UTC(...parts);
  const check = new Date(naive);
  if (check.getUTCMonth() !== parts[1] || check.getUTCDate() !== parts[2] || check.getUTCHours() !== parts[3] || check.getUTCMinutes() !== parts[4] || check.getUTCSeconds() !== parts[5]) {
    return { problem: "is not a real date and time" };
  }
  if (offset) {
    if (offset === "Z") return { instant: naive };
    const sign = offset.startsWith("-") ? -1 : 1;
    const [oh, om] = offset.slice(1).split(":").map(Number) as [number, number];
    if (oh > 18 || om > 59) return { problem: "has an offset that is out of range" };
    return { instant: naive - sign * (oh * 60 + om) * 60_000 };
  }
  const date = `${y}-${mo}-${d}`;
  const local = localToInstant(date, parts[3] * 60 + parts[4], timeZone);
  if (local === null) return { problem: `does not exist in ${timeZone} (the clocks go forward then)` };
  return { instant: local + parts[5] * 1000 + parts[6] };
}
