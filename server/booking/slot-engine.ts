import { addDays, daysBetween, localToInstant, offsetMinutes, weekdayOf } from "./local-time.ts";

/**
 * The slot engine: which appointment start times are free. Pure and synchronous; the caller
 * loads schedules and appointments (find-slots.ts). All instants are epoch milliseconds.
 *
 * A slot of `durationMinutes` starting at S with the clinician's buffer B is free when
 *   - S lies on the step grid of a weekly availability range of that local day, and
 *     [S, S + duration) lies inside that range (merged with any overlapping range);
 *   - [S, S + duration) overlaps no time off;
 *   - [S, S + duration + B) overlaps no busy interval [startsAt, blockedUntil) (existing
 *     appointments already include their own buffer in blockedUntil);
 *   - earliestStart <= S <= latestStart (the past, minimum notice, booking horizon).
 * Local times that do not exist (clocks going forward) offer no slot; local times that exist
 * twice (clocks going back) offer their first occurrence. Durations are real elapsed time.
 */
const MINUTE = 60_000;

export interface WeeklyRange {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

export interface Interval {
  start: number;
  end: number;
}

export interface ClinicianSchedule {
  clinicianId: string;
  bufferMinutes: number;
  weekly: WeeklyRange[];
  timeOff: Interval[];
  /** Appointments holding time: [startsAt, blockedUntil). */
  busy: Interval[];
}

export interface SlotQuery {
  timeZone: string;
  /** Local dates, inclusive. */
  fromDate: string;
  toDate: string;
  durationMinutes: number;
  stepMinutes: number;
  earliestStart: number;
  latestStart: number;
}

export interface Slot {
  clinicianId: string;
  /** Local date of the start. */
  date: string;
  startsAt: number;
  endsAt: number;
}

/** Overlapping or touching ranges of one weekday become one. */
export function mergeRanges(ranges: { startMinute: number; endMinute: number }[]): { startMinute: number; endMinute: number }[] {
  const sorted = [...ranges].sort((a, b) => a.startMinute - b.startMinute);
  const merged: { startMinute: number; endMinute: number }[] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && r.startMinute <= last.endMinute) last.endMinute = Math.max(last.endMinute, r.endMinute);
    else merged.push({ ...r });
  }
  return merged;
}

function overlaps(start: number, end: number, intervals: Interval[]): boolean {
  // Intervals are few per clinician-day in practice; a linear scan over the sorted list with
  // an early exit keeps this simple and fast.
  for (const i of intervals) {
    if (i.start >= end) return false;
    if (i.end > start) return true;
  }
  return false;
}

/** The instant a local range boundary names; a boundary inside a skipped hour moves to its end. */
function boundary(date: string, minute: number, timeZone: string): number {
  const exact = localToInstant(date, minute, timeZone);
  if (exact !== null) return exact;
  for (let m = minute + 1; m <= minute + 180; m++) {
    const later = localToInstant(date, m, timeZone);
    if (later !== null) return later;
  }
  throw new Error(`no valid local time near ${date} minute ${minute} in ${timeZone}`);
}

function slotsForRange(date: string, range: { startMinute: number; endMinute: number }, schedule: ClinicianSchedule, query: SlotQuery, out: Slot[]): void {
  const duration = query.durationMinutes * MINUTE;
  const buffer = schedule.bufferMinutes * MINUTE;
  const rangeStart = boundary(date, range.startMinute, query.timeZone);
  const rangeEnd = boundary(date, range.endMinute, query.timeZone);
  const sameOffset = offsetMinutes(query.timeZone, rangeStart) === offsetMinutes(query.timeZone, rangeEnd);

  for (let minute = range.startMinute; minute < range.endMinute; minute += query.stepMinutes) {
    // Fast path: no clock change inside the range, so local minutes map linearly to instants.
    const start = sameOffset ? rangeStart + (minute - range.startMinute) * MINUTE : localToInstant(date, minute, query.timeZone);
    if (start === null) continue; // a local time that does not exist today
    if (start + duration > rangeEnd) break; // later grid times end later still
    if (start < query.earliestStart || start > query.latestStart) continue;
    const end = start + duration;
    if (overlaps(start, end, schedule.timeOff)) continue;
    if (overlaps(start, end + buffer, schedule.busy)) continue;
    out.push({ clinicianId: schedule.clinicianId, date, startsAt: start, endsAt: end });
  }
}

export function computeSlots(schedules: ClinicianSchedule[], query: SlotQuery): Slot[] {
  const out: Slot[] = [];
  const days = daysBetween(query.fromDate, query.toDate);
  for (const schedule of schedules) {
    const sorted: ClinicianSchedule = {
      ...schedule,
      timeOff: [...schedule.timeOff].sort((a, b) => a.start - b.start),
      busy: [...schedule.busy].sort((a, b) => a.start - b.start),
    };
    const byWeekday = new Map<number, { startMinute: number; endMinute: number }[]>();
    for (let weekday = 0; weekday < 7; weekday++) {
      byWeekday.set(weekday, mergeRanges(schedule.weekly.filter((r) => r.weekday === weekday)));
    }
    for (let d = 0; d <= days; d++) {
      const date = addDays(query.fromDate, d);
      for (const range of byWeekday.get(weekdayOf(date)) ?? []) slotsForRange(date, range, sorted, query, out);
    }
  }
  return out.sort((a, b) => a.startsAt - b.startsAt || a.clinicianId.localeCompare(b.clinicianId));
}
