import { z } from "zod";

/** The ranges of Location_policy_check (prisma/migrations/…_booking_and_records); keep the two in step. */
export const BOOKING_POLICY_LIMITS = {
  minNoticeMinutes: { min: 0, max: 43200 },
  bookingHorizonDays: { min: 1, max: 730 },
  cancellationWindowMinutes: { min: 0, max: 43200 },
  holdMinutes: { min: 1, max: 60 },
  waitlistOfferMinutes: { min: 5, max: 1440 },
  slotStepMinutes: { min: 5, max: 120 },
} as const;

export type BookingPolicyField = keyof typeof BOOKING_POLICY_LIMITS;
export const BOOKING_POLICY_FIELDS = Object.keys(BOOKING_POLICY_LIMITS) as BookingPolicyField[];

export type BookingPolicy = Record<BookingPolicyField, number>;

export interface BookingPolicyView extends BookingPolicy {
  locationId: string;
  locationName: string;
  timeZone: string;
}

function withinLimits(field: BookingPolicyField) {
  const { min, max } = BOOKING_POLICY_LIMITS[field];
  const range = `must be ${min} to ${max}`;
  return z.number().int("must be a whole number").min(min, range).max(max, range).optional();
}

/** A partial update: only the fields sent change. */
export const updateBookingPolicySchema = z
  .object({
    minNoticeMinutes: withinLimits("minNoticeMinutes"),
    bookingHorizonDays: withinLimits("bookingHorizonDays"),
    cancellationWindowMinutes: withinLimits("cancellationWindowMinutes"),
    holdMinutes: withinLimits("holdMinutes"),
    waitlistOfferMinutes: withinLimits("waitlistOfferMinutes"),
    slotStepMinutes: withinLimits("slotStepMinutes"),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: `must name at least one of ${BOOKING_POLICY_FIELDS.join(", ")}` });

export const bookingPolicySelect = {
  id: true,
  name: true,
  timeZone: true,
  minNoticeMinutes: true,
  bookingHorizonDays: true,
  cancellationWindowMinutes: true,
  holdMinutes: true,
  waitlistOfferMinutes: true,
  slotStepMinutes: true,
} as const;

export function toBookingPolicyView({ id, name, timeZone, ...policy }: { id: string; name: string; timeZone: string } & BookingPolicy): BookingPolicyView {
  return { locationId: id, locationName: name, timeZone, ...policy };
}
