import type { BookingPolicyField } from "@/server/schedules/booking-policy-schemas";

export const POLICY_LABELS: Record<BookingPolicyField, string> = {
  minNoticeMinutes: "Minimum notice for online booking (minutes)",
  bookingHorizonDays: "Online booking horizon (days ahead)",
  cancellationWindowMinutes: "Patients may not cancel or reschedule within (minutes of the start)",
  holdMinutes: "A picked slot is held while the patient confirms (minutes)",
  waitlistOfferMinutes: "A waitlist offer is held for (minutes)",
  slotStepMinutes: "Slots start every (minutes)",
};
