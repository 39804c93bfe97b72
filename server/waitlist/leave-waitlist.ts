import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { SessionUser } from "../roles.ts";
import type { SlotFreed } from "../booking/cancel-appointment.ts";
import { endEntry } from "./end-entry.ts";
import { ACTIVE_STATUSES, loadEntryFor, toWaitlistEntryView, type WaitlistEntryView } from "./waitlist-view.ts";

/**
 * Takes an entry off the waitlist (CANCELLED): a patient their own, reception and admins any.
 * If a slot was on offer, its hold is released and the slot goes to the next patient.
 */
export async function leaveWaitlist(db: Db, realtime: Realtime, user: SessionUser, entryId: string, onSlotFreed?: SlotFreed, now = Date.now()): Promise<WaitlistEntryView> {
  const entry = await loadEntryFor(db, user, entryId);
  if (user.role === "CLINICIAN") throw new AppError("FORBIDDEN", "Reception manages the waitlist.");
  if (!(ACTIVE_STATUSES as readonly string[]).includes(entry.status)) throw new AppError("CONFLICT", "This waitlist entry has already ended.");
  const cancelledBy = user.role === "PATIENT" ? "PATIENT" : "CLINIC";
  await endEntry(db, realtime, entry, { status: "CANCELLED", cancelledBy, cancelReason: "Left the waitlist" }, onSlotFreed, now);
  return toWaitlistEntryView(await loadEntryFor(db, user, entry.id), user);
}
