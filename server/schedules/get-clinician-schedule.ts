import type { Db } from "../db/client.ts";
import type { SessionUser } from "../roles.ts";
import { clinicianScheduleSelect, localDaysWindow, toClinicianScheduleView, upcomingTimeOffDays, type ClinicianScheduleView } from "./clinician-schedule-view.ts";
import { findClinician } from "./find-clinician.ts";
import { findTimeOffWithAffected } from "./find-time-off.ts";
import { assertCanReadClinicianSchedule, assertCanReadSchedules, canEditSchedules } from "./schedule-access.ts";

export interface ClinicianSchedule {
  clinician: ClinicianScheduleView;
  location: { id: string; name: string; timeZone: string };
  /** The local days the time off list covers, inclusive. */
  timeOffFrom: string;
  timeOffTo: string;
  canEdit: boolean;
}

/** One clinician's schedule page: settings, weekly pattern and upcoming time off. */
export async function getClinicianSchedule(db: Db, user: SessionUser, clinicianId: string, now = new Date()): Promise<ClinicianSchedule> {
  assertCanReadSchedules(user);
  const found = await findClinician(db, clinicianId);
  assertCanReadClinicianSchedule(user, found);
  const { from, to } = upcomingTimeOffDays(found.timeZone, now);
  const window = localDaysWindow(from, to, found.timeZone);
  const [row, location, timeOff] = await Promise.all([
    db.clinician.findUniqueOrThrow({ where: { id: clinicianId }, select: clinicianScheduleSelect }),
    db.location.findUniqueOrThrow({ where: { id: found.locationId }, select: { id: true, name: true, timeZone: true } }),
    findTimeOffWithAffected(db, [clinicianId], window.start, window.end),
  ]);
  return { clinician: toClinicianScheduleView(row, timeOff), location, timeOffFrom: from, timeOffTo: to, canEdit: canEditSchedules(user) };
}
