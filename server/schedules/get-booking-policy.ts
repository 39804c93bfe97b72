import type { Db } from "../db/client.ts";
import type { SessionUser } from "../roles.ts";
import { bookingPolicySelect, toBookingPolicyView, type BookingPolicyView } from "./booking-policy-schemas.ts";
import { assertRecordId, notFound } from "./record-id.ts";
import { assertCanReadSchedules } from "./schedule-access.ts";

/** A location's booking policy. Staff only. */
export async function getBookingPolicy(db: Db, user: SessionUser, locationId: string): Promise<BookingPolicyView> {
  assertCanReadSchedules(user);
  assertRecordId(locationId, "location");
  const location = await db.location.findUnique({ where: { id: locationId }, select: bookingPolicySelect });
  if (!location) throw notFound("location");
  return toBookingPolicyView(location);
}
