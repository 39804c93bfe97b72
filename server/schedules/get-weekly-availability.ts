import type { Db } from "../db/client.ts";
import type { SessionUser } from "../roles.ts";
import { findClinician } from "./find-clinician.ts";
import { assertCanReadClinicianSchedule, assertCanReadSchedules } from "./schedule-access.ts";
import { toWeeklyRangeView, weeklyRangeOrder, weeklyRangeSelect, type WeeklyAvailabilityView } from "./weekly-availability-schemas.ts";

/** A clinician's weekly pattern, by weekday and start. */
export async function getWeeklyAvailability(db: Db, user: SessionUser, clinicianId: string): Promise<WeeklyAvailabilityView> {
  assertCanReadSchedules(user);
  const clinician = await findClinician(db, clinicianId);
  assertCanReadClinicianSchedule(user, clinician);
  const rows = await db.weeklyAvailability.findMany({ where: { clinicianId }, select: weeklyRangeSelect, orderBy: weeklyRangeOrder });
  return { clinicianId, timeZone: clinician.timeZone, ranges: rows.map(toWeeklyRangeView) };
}
