import type { Db } from "../../server/db/client.ts";
import type { SessionUser } from "../../server/roles.ts";
import { joinWaitlist } from "../../server/waitlist/join-waitlist.ts";
import type { WaitlistEntryView } from "../../server/waitlist/waitlist-view.ts";
import type { BookableClinic } from "./booking-fixtures.ts";

let joinedAt = Date.parse("2026-01-01T08:00:00Z");

/**
 * Joins the waitlist for the clinic's online type, any clinician, tomorrow to three weeks
 * ahead unless told otherwise. Each entry is stamped a second after the previous one, so the
 * order offers go out in never depends on two inserts landing in different milliseconds.
 */
export async function joinedWaitlist(db: Db, clinic: BookableClinic, user: SessionUser, input: Record<string, unknown> = {}): Promise<WaitlistEntryView> {
  const entry = await joinWaitlist(db, user, { departmentId: clinic.departmentId, appointmentTypeId: clinic.onlineType.id, fromDate: clinic.day(1), toDate: clinic.day(21), ...input });
  joinedAt += 1_000;
  await db.waitlistEntry.update({ where: { id: entry.id }, data: { createdAt: new Date(joinedAt) } });
  return { ...entry, createdAt: new Date(joinedAt).toISOString() };
}
