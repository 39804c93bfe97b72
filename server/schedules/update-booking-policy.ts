import type { Db } from "../db/client.ts";
import { validationError } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { SessionUser } from "../roles.ts";
import { bookingPolicySelect, toBookingPolicyView, updateBookingPolicySchema, type BookingPolicyView } from "./booking-policy-schemas.ts";
import { findCliniciansToNotify, notifyScheduleChange } from "./notify-schedule-change.ts";
import { assertRecordId, notFound } from "./record-id.ts";
import { assertCanEditBookingPolicy } from "./schedule-access.ts";

/** Changes some of a location's booking policy fields; every open booking page of the location re-reads its slots. */
export async function updateBookingPolicy(db: Db, realtime: Realtime, user: SessionUser, locationId: string, input: unknown): Promise<BookingPolicyView> {
  assertCanEditBookingPolicy(user);
  assertRecordId(locationId, "location");
  const parsed = updateBookingPolicySchema.safeParse(input);

  const { location, clinicians } = await db.$transaction(async (tx) => {
    const exists = await tx.location.findUnique({ where: { id: locationId }, select: { id: true } });
    if (!exists) throw notFound("location");
    if (!parsed.success) throw validationError(parsed.error);
    const location = await tx.location.update({ where: { id: locationId }, data: parsed.data, select: bookingPolicySelect });
    return { location, clinicians: await findCliniciansToNotify(tx, { department: { locationId } }) };
  });
  notifyScheduleChange(realtime, clinicians);
  return toBookingPolicyView(location);
}
