import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError, validationError } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { SessionUser } from "../roles.ts";
import { loadAppointmentFor, toAppointmentView, type AppointmentView } from "./appointment-view.ts";
import { loadBookingContext } from "./booking-context.ts";
import type { SlotFreed } from "./cancel-appointment.ts";
import { assertChangeAllowed } from "./change-window.ts";
import { claimSlot } from "./claim-slot.ts";
import { audienceOf } from "./find-slots.ts";
import { localDateOf } from "./local-time.ts";
import { notifyAvailabilityChanges } from "./live.ts";

export const rescheduleSchema = z.object({
  startsAt: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }),
  /** Another clinician of the same department; defaults to the current one. */
  clinicianId: z.uuid("must be an id").optional(),
  override: z.boolean().optional(),
});

/**
 * Moves a booked appointment to another free slot, atomically: in one transaction the old
 * appointment is released and the new one taken; if the new slot is gone the transaction
 * rolls back and the old appointment stands untouched (SLOT_TAKEN with alternatives).
 */
export async function rescheduleAppointment(db: Db, realtime: Realtime, user: SessionUser, appointmentId: string, input: unknown, onSlotFreed?: SlotFreed, now = Date.now()): Promise<AppointmentView> {
  const parsed = rescheduleSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const old = await loadAppointmentFor(db, user, appointmentId);
  if (user.role === "CLINICIAN") throw new AppError("FORBIDDEN", "Reception reschedules appointments.");
  if (old.status !== "BOOKED") throw new AppError("CONFLICT", "Only booked appointments can be rescheduled.");
  assertChangeAllowed(old, user, parsed.data.override === true, now);

  const context = await loadBookingContext(db, old.appointmentType.id);
  const audience = audienceOf(user);
  const newStart = Date.parse(parsed.data.startsAt);
  const { timeZone } = context.location;

  const claimed = await db.$transaction(async (tx) => {
    // Release first, inside the transaction, so the new time may overlap the old one.
    const released = await tx.appointment.updateMany({
      where: { id: old.id, status: "BOOKED" },
      data: { status: "CANCELLED", cancelledBy: user.role === "PATIENT" ? "PATIENT" : "CLINIC", cancelledAt: new Date(now), cancelReason: "Rescheduled" },
    });
    if (released.count !== 1) throw new AppError("CONFLICT", "This appointment changed meanwhile. Please reload.");
    return claimSlot(
      db,
      context,
      { clinicianId: parsed.data.clinicianId ?? old.clinician.id, startsAt: newStart, patientId: old.patientId, bookedById: user.id, audience, now, status: "BOOKED", replacing: old.id },
      tx,
    );
  });

  const oldChange = { clinicianId: old.clinician.id, departmentId: context.department.id, date: localDateOf(old.startsAt.getTime(), timeZone), reason: "rescheduled" as const };
  notifyAvailabilityChanges(realtime, [oldChange, claimed.change, ...claimed.released]);
  await onSlotFreed?.({ clinicianId: old.clinician.id, appointmentTypeId: old.appointmentType.id, startsAt: old.startsAt });
  return toAppointmentView(await loadAppointmentFor(db, user, claimed.id), user);
}
