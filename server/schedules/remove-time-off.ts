import type { Db } from "../db/client.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { SessionUser } from "../roles.ts";
import { findClinician } from "./find-clinician.ts";
import { notifyScheduleChange } from "./notify-schedule-change.ts";
import { assertRecordId, notFound } from "./record-id.ts";
import { assertCanEditSchedules } from "./schedule-access.ts";

/** Deletes one time off of this clinician; the clinician is bookable again in that period. */
export async function removeTimeOff(db: Db, realtime: Realtime, user: SessionUser, clinicianId: string, timeOffId: string): Promise<{ id: string }> {
  assertCanEditSchedules(user);
  const clinician = await findClinician(db, clinicianId);
  assertRecordId(timeOffId, "time off");
  const { count } = await db.timeOff.deleteMany({ where: { id: timeOffId, clinicianId } });
  if (count === 0) throw notFound("time off");
  notifyScheduleChange(realtime, [clinician]);
  return { id: timeOffId };
}
