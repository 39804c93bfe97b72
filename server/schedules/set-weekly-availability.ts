import type { Db } from "../db/client.ts";
import { validationError } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { SessionUser } from "../roles.ts";
import { findClinician, lockClinician } from "./find-clinician.ts";
import { notifyScheduleChange } from "./notify-schedule-change.ts";
import { assertCanEditSchedules } from "./schedule-access.ts";
import { minutesOf, setWeeklyAvailabilitySchema, toWeeklyRangeView, weeklyRangeOrder, weeklyRangeSelect, type WeeklyAvailabilityView } from "./weekly-availability-schemas.ts";

/**
 * Replaces a clinician's whole weekly pattern in one transaction: afterwards the pattern is
 * exactly the ranges given (none means never bookable), or, on any error, still the old one.
 */
export async function setWeeklyAvailability(db: Db, realtime: Realtime, user: SessionUser, clinicianId: string, input: unknown): Promise<WeeklyAvailabilityView> {
  assertCanEditSchedules(user);
  await findClinician(db, clinicianId);
  const parsed = setWeeklyAvailabilitySchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);

  const { clinician, rows } = await db.$transaction(async (tx) => {
    const clinician = await lockClinician(tx, clinicianId);
    await tx.weeklyAvailability.deleteMany({ where: { clinicianId } });
    await tx.weeklyAvailability.createMany({
      data: parsed.data.ranges.map((range) => ({ clinicianId, weekday: range.weekday, startMinute: minutesOf(range).start, endMinute: minutesOf(range).end })),
    });
    const rows = await tx.weeklyAvailability.findMany({ where: { clinicianId }, select: weeklyRangeSelect, orderBy: weeklyRangeOrder });
    return { clinician, rows };
  });
  notifyScheduleChange(realtime, [clinician]);
  return { clinicianId, timeZone: clinician.timeZone, ranges: rows.map(toWeeklyRangeView) };
}
