import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError, validationError } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { SessionUser } from "../roles.ts";
import { loadAppointmentFor, ownPatientId, toAppointmentView, type AppointmentView } from "./appointment-view.ts";
import { assertBookable, loadBookingContext } from "./booking-context.ts";
import { claimSlot } from "./claim-slot.ts";
import { audienceOf } from "./find-slots.ts";
import { notifyAvailabilityChanges } from "./live.ts";

export const bookAppointmentSchema = z.object({
  appointmentTypeId: z.uuid("must be an id"),
  clinicianId: z.uuid("must be an id"),
  startsAt: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }),
  /** Staff only: whom the appointment is for. Patients always book for themselves. */
  patientId: z.uuid("must be an id").optional(),
  /** The slot was picked from "any clinician": if it is gone, alternatives come from the whole department. */
  anyClinician: z.boolean().optional(),
});

/**
 * Books a slot outright: reception and admins for any patient (any type, no notice or
 * horizon limits); patients for themselves (online types, within notice and horizon).
 */
export async function bookAppointment(db: Db, realtime: Realtime, user: SessionUser, input: unknown, now = Date.now()): Promise<AppointmentView> {
  const parsed = bookAppointmentSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { appointmentTypeId, clinicianId, startsAt, patientId, anyClinician } = parsed.data;
  if (user.role === "CLINICIAN") throw new AppError("FORBIDDEN", "Reception books appointments.");

  let forPatient: string;
  if (user.role === "PATIENT") {
    forPatient = await ownPatientId(db, user);
  } else {
    if (!patientId) throw new AppError("VALIDATION_FAILED", "Say whom the appointment is for.", [{ field: "patientId", problem: "is required" }]);
    const exists = await db.patient.findUnique({ where: { id: patientId }, select: { id: true } });
    if (!exists) throw new AppError("VALIDATION_FAILED", "No such patient.", [{ field: "patientId", problem: "does not exist" }]);
    forPatient = patientId;
  }

  const context = await loadBookingContext(db, appointmentTypeId);
  const audience = audienceOf(user);
  assertBookable(context, audience);
  const claimed = await claimSlot(db, context, { clinicianId, startsAt: Date.parse(startsAt), patientId: forPatient, bookedById: user.id, audience, now, status: "BOOKED", anyClinician });
  notifyAvailabilityChanges(realtime, [claimed.change, ...claimed.released]);
  return toAppointmentView(await loadAppointmentFor(db, user, claimed.id), user);
}
