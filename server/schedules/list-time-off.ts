import { localDateOf } from "../booking/local-time.ts";
import type { Db } from "../db/client.ts";
import { validationError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { localDaysWindow } from "./clinician-schedule-view.ts";
import { findClinician } from "./find-clinician.ts";
import { findTimeOffWithAffected } from "./find-time-off.ts";
import { assertCanReadClinicianSchedule, assertCanReadSchedules } from "./schedule-access.ts";
import { timeOffRangeSchema, type TimeOffView } from "./time-off-schemas.ts";

export interface TimeOffListing {
  clinicianId: string;
  timeZone: string;
  /** The local days listed, inclusive. */
  from: string;
  to: string;
  timeOff: TimeOffView[];
}

/** A clinician's time off touching the local days from…to (default: today and the next 90 days). */
export async function listTimeOff(db: Db, user: SessionUser, clinicianId: string, query: unknown, now = new Date()): Promise<TimeOffListing> {
  assertCanReadSchedules(user);
  const clinician = await findClinician(db, clinicianId);
  assertCanReadClinicianSchedule(user, clinician);
  const parsed = timeOffRangeSchema(localDateOf(now.getTime(), clinician.timeZone)).safeParse(query);
  if (!parsed.success) throw validationError(parsed.error);
  const { from, to } = parsed.data;
  const window = localDaysWindow(from, to, clinician.timeZone);
  const timeOff = await findTimeOffWithAffected(db, [clinicianId], window.start, window.end);
  return { clinicianId, timeZone: clinician.timeZone, from, to, timeOff };
}
