import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError, validationError } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { SessionUser } from "../roles.ts";
import { loadAppointmentFor, toAppointmentView, type AppointmentView } from "./appointment-view.ts";
import { assertChangeAllowed } from "./change-window.ts";
import { notifyAvailabilityChanged } from "./live.ts";

export const cancelSchema = z.object({
  reason: z.string().trim().max(500, "must be at most 500 characters").optional(),
  /** Staff only: cancel inside the cancellation window. */
  override: z.boolean().optional(),
});

export type SlotFreed = (freed: { clinicianId: string; appointmentTypeId: string; startsAt: Date }) => Promise<void>;

/**
 * Cancels a booked appointment (or a hold). Patients cancel their own, outside the window;
 * staff cancel any, inside the window with override. The freed time is offered to the
 * waitlist through `onSlotFreed`.
 */
export async function cancelAppointment(db: Db, realtime: Realtime, user: SessionUser, appointmentId: string, input: unknown, onSlotFreed?: SlotFreed, now = Date.now()): Promise<AppointmentView> {
  const parsed = cancelSchema.safeParse(input ?? {});
  if (!parsed.success) throw validationError(parsed.error);
  const row = await loadAppointmentFor(db, user, appointmentId);
  if (row.status !== "BOOKED" && row.status !== "HELD") throw new AppError("CONFLICT", `This appointment is ${row.status.toLowerCase().replace("_", "-")} and cannot be cancelled.`);
  if (row.status === "BOOKED") assertChangeAllowed(row, user, parsed.data.override === true, now);

  const updated = await db.$transaction(async (tx) => {
    const cancelled = await tx.appointment.updateMany({
      where: { id: row.id, status: row.status },
      data: {
        status: "CANCELLED",
        cancelledBy: user.role === "PATIENT" ? "PATIENT" : "CLINIC",
        cancelledAt: new Date(now),
        // Letting go of a hold is not cancelling an appointment: lists leave released holds out.
        cancelReason: row.status === "HELD" ? "Hold released" : parsed.data.reason || null,
        holdExpiresAt: null,
      },
    });
    // A cancelled waitlist offer ends its entry, as a declined one does; it must not stay OFFERED.
    if (cancelled.count === 1 && row.status === "HELD") {
      await tx.waitlistEntry.updateMany({ where: { offeredAppointmentId: row.id }, data: { status: "EXPIRED", offeredAppointmentId: null } });
    }
    return cancelled;
  });
  if (updated.count !== 1) throw new AppError("CONFLICT", "This appointment changed meanwhile. Please reload.");

  const view = toAppointmentView(await loadAppointmentFor(db, user, row.id), user);
  notifyAvailabilityChanged(realtime, { clinicianId: view.clinician.id, departmentId: view.department.id, date: view.date, reason: "cancelled" });
  await onSlotFreed?.({ clinicianId: row.clinician.id, appointmentTypeId: row.appointmentType.id, startsAt: row.startsAt });
  return view;
}
