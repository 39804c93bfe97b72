import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { SessionUser } from "../roles.ts";
import { loadAppointmentFor, toAppointmentView, type AppointmentView } from "./appointment-view.ts";
import { notifyAvailabilityChanged } from "./live.ts";

/**
 * The patient confirms their hold (or a waitlist offer): the same row becomes BOOKED, so the
 * time never changes hands. A hold that has expired cannot be confirmed.
 */
export async function confirmHold(db: Db, realtime: Realtime, user: SessionUser, appointmentId: string, now = Date.now()): Promise<AppointmentView> {
  const row = await loadAppointmentFor(db, user, appointmentId);
  if (user.role !== "PATIENT") throw new AppError("FORBIDDEN", "Only the patient confirms their own hold.");
  if (row.status === "BOOKED") return toAppointmentView(row, user); // confirming twice is harmless
  if (row.status !== "HELD") throw new AppError("HOLD_EXPIRED", "This hold has ended. Please pick a slot again.");

  const confirmed = await db.$transaction(async (tx) => {
    const updated = await tx.appointment.updateMany({
      where: { id: row.id, status: "HELD", holdExpiresAt: { gt: new Date(now) } },
      data: { status: "BOOKED", holdExpiresAt: null },
    });
    if (updated.count === 1) {
      await tx.waitlistEntry.updateMany({ where: { offeredAppointmentId: row.id }, data: { status: "BOOKED", offeredAppointmentId: null } });
    }
    return updated.count === 1;
  });
  if (!confirmed) throw new AppError("HOLD_EXPIRED", "Your hold on this slot has expired. Please pick a slot again.");

  const view = toAppointmentView(await loadAppointmentFor(db, user, row.id), user);
  notifyAvailabilityChanged(realtime, { clinicianId: view.clinician.id, departmentId: view.department.id, date: view.date, reason: "booked" });
  return view;
}
