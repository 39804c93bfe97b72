import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { SlotFreed } from "../booking/cancel-appointment.ts";
import { localDateOf } from "../booking/local-time.ts";
import { notifyAvailabilityChanged } from "../booking/live.ts";
import type { WaitlistEntryRow } from "./waitlist-view.ts";

export interface EntryOutcome {
  status: "CANCELLED" | "EXPIRED";
  cancelledBy: "PATIENT" | "CLINIC";
  /** Recorded on the released hold. */
  cancelReason: string;
}

/**
 * Ends an active entry. An offered entry's hold is released in the same transaction, its slot
 * reappears for everyone, and it is offered to the next patient on the list. If the entry
 * changed meanwhile (the offer was accepted or lapsed), nothing is written: CONFLICT.
 */
export async function endEntry(db: Db, realtime: Realtime, entry: WaitlistEntryRow, outcome: EntryOutcome, onSlotFreed?: SlotFreed, now = Date.now()): Promise<void> {
  const released = await db.$transaction(async (tx) => {
    // The hold first, then the entry: the order confirmHold and the hold sweeper lock them in.
    const holds = entry.offeredAppointmentId
      ? await tx.appointment.updateManyAndReturn({
          where: { id: entry.offeredAppointmentId, status: "HELD" },
          data: { status: "CANCELLED", cancelledBy: outcome.cancelledBy, cancelledAt: new Date(now), cancelReason: outcome.cancelReason, holdExpiresAt: null },
          select: { clinicianId: true, appointmentTypeId: true, startsAt: true },
        })
      : [];
    const ended = await tx.waitlistEntry.updateMany({
      where: { id: entry.id, status: entry.status, offeredAppointmentId: entry.offeredAppointmentId },
      data: { status: outcome.status, offeredAppointmentId: null },
    });
    if (ended.count !== 1) throw new AppError("CONFLICT", "This waitlist entry changed meanwhile. Please reload.");
    return holds[0] ?? null;
  });
  if (!released) return;
  const date = localDateOf(released.startsAt.getTime(), entry.department.location.timeZone);
  notifyAvailabilityChanged(realtime, { clinicianId: released.clinicianId, departmentId: entry.department.id, date, reason: "released" });
  await onSlotFreed?.(released);
}
