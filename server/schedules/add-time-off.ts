import type { Db } from "../db/client.ts";
import { validationError } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { SessionUser } from "../roles.ts";
import { affectedBy, findBookedAppointmentsDuring } from "./affected-appointments.ts";
import { findClinician } from "./find-clinician.ts";
import { timeOffSelect, toTimeOffView } from "./find-time-off.ts";
import { notifyScheduleChange } from "./notify-schedule-change.ts";
import { assertCanEditSchedules } from "./schedule-access.ts";
import { addTimeOffSchema, type TimeOffView } from "./time-off-schemas.ts";

/**
 * Records a period a clinician is away. Appointments already BOOKED inside it stay booked
 * (the clinic decides what to do with them); the answer lists them so reception can move them.
 */
export async function addTimeOff(db: Db, realtime: Realtime, user: SessionUser, clinicianId: string, input: unknown): Promise<TimeOffView> {
  assertCanEditSchedules(user);
  const clinician = await findClinician(db, clinicianId);
  const parsed = addTimeOffSchema(clinician.timeZone).safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);

  const row = await db.timeOff.create({ data: { clinicianId, ...parsed.data }, select: timeOffSelect });
  const affected = await findBookedAppointmentsDuring(db, [clinicianId], row.startsAt, row.endsAt);
  notifyScheduleChange(realtime, [clinician]);
  return toTimeOffView(row, affectedBy(row, affected));
}
