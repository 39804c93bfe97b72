import { addDays, localDateOf, startOfLocalDay } from "../booking/local-time.ts";
import { clinicianViewSelect, toClinicianView, type ClinicianView } from "./clinician-view.ts";
import { DEFAULT_TIME_OFF_DAYS, type TimeOffView } from "./time-off-schemas.ts";
import { toWeeklyRangeView, weeklyRangeOrder, weeklyRangeSelect, type WeeklyRangeView } from "./weekly-availability-schemas.ts";

/** A clinician with their weekly pattern and upcoming time off, as the schedules pages show them. */
export interface ClinicianScheduleView extends ClinicianView {
  weeklyAvailability: WeeklyRangeView[];
  /** Time off touching the upcoming window (today … today + 90 local days). */
  timeOff: TimeOffView[];
}

export const clinicianScheduleSelect = { ...clinicianViewSelect, weeklyAvailability: { select: weeklyRangeSelect, orderBy: weeklyRangeOrder } };

export function toClinicianScheduleView(
  { weeklyAvailability, ...row }: Parameters<typeof toClinicianView>[0] & { weeklyAvailability: { weekday: number; startMinute: number; endMinute: number }[] },
  timeOff: TimeOffView[],
): ClinicianScheduleView {
  return { ...toClinicianView(row), weeklyAvailability: weeklyAvailability.map(toWeeklyRangeView), timeOff: timeOff.filter((t) => t.clinicianId === row.id) };
}

/** Local days from…to (inclusive) as the instants [start of from, start of the day after to). */
export function localDaysWindow(from: string, to: string, timeZone: string): { start: Date; end: Date } {
  return { start: new Date(startOfLocalDay(from, timeZone)), end: new Date(startOfLocalDay(addDays(to, 1), timeZone)) };
}

/** The upcoming window the schedules pages list time off for: today and the next 90 local days. */
export function upcomingTimeOffDays(timeZone: string, now: Date): { from: string; to: string } {
  const from = localDateOf(now.getTime(), timeZone);
  return { from, to: addDays(from, DEFAULT_TIME_OFF_DAYS) };
}
