import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { SessionUser } from "../roles.ts";
import type { SlotFreed } from "../booking/cancel-appointment.ts";
import { endEntry } from "./end-entry.ts";
import { loadEntryFor, toWaitlistEntryView, type WaitlistEntryView } from "./waitlist-view.ts";

/**
 * The patient says no to the slot on offer: the hold is released ("Offer declined"), the entry
 * ends (EXPIRED), and the slot is offered to the next patient on the list. Accepting is
 * confirming the hold (confirmHold).
 */
export async function declineOffer(db: Db, realtime: Realtime, user: SessionUser, entryId: string, onSlotFreed?: SlotFreed, now = Date.now()): Promise<WaitlistEntryView> {
  const entry = await loadEntryFor(db, user, entryId);
  if (user.role !== "PATIENT") throw new AppError("FORBIDDEN", "Only the patient declines their own offer.");
  if (entry.status !== "OFFERED") throw new AppError("CONFLICT", "There is no open offer on this waitlist entry.");
  await endEntry(db, realtime, entry, { status: "EXPIRED", cancelledBy: "PATIENT", cancelReason: "Offer declined" }, onSlotFreed, now);
  return toWaitlistEntryView(await loadEntryFor(db, user, entry.id), user);
}
