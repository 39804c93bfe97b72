import type { Db } from "../db/client.ts";
import type { SessionUser } from "../roles.ts";
import { ACTIVE_STATUSES, toWaitlistEntryView, waitlistEntrySelect, type WaitlistEntryView } from "./waitlist-view.ts";

/** Bounds one answer; a clinic with more people waiting than this has a different problem. */
export const MAX_LISTED_ENTRIES = 500;
const MAX_OWN_ENTRIES = 50;

/**
 * Staff: everyone still waiting or holding an offer, longest waiting first (the order offers
 * go out in). A patient: their own entries, active and ended, newest first.
 */
export async function listWaitlist(db: Db, user: SessionUser): Promise<{ entries: WaitlistEntryView[] }> {
  const rows =
    user.role === "PATIENT"
      ? await db.waitlistEntry.findMany({ where: { patient: { userId: user.id } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: MAX_OWN_ENTRIES, select: waitlistEntrySelect })
      : await db.waitlistEntry.findMany({ where: { status: { in: [...ACTIVE_STATUSES] } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: MAX_LISTED_ENTRIES, select: waitlistEntrySelect });
  return { entries: rows.map((row) => toWaitlistEntryView(row, user)) };
}
