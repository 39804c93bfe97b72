import { z } from "zod";

/** The waitlist API's answers and the `waitlist:offer` event as the pages read them (docs/api.md, Waitlist). */

export const waitlistOfferSchema = z.object({
  entryId: z.string(),
  appointmentId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  expiresAt: z.string(),
  clinicianName: z.string(),
  appointmentTypeName: z.string(),
});
export type WaitlistOffer = z.infer<typeof waitlistOfferSchema>;

export const waitlistEntrySchema = z.object({
  id: z.string(),
  status: z.string(),
  fromDate: z.string(),
  toDate: z.string(),
  createdAt: z.string(),
  timeZone: z.string(),
  department: z.object({ id: z.string(), name: z.string() }),
  clinician: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  appointmentType: z.object({ id: z.string(), name: z.string(), durationMinutes: z.number() }),
  offer: waitlistOfferSchema.nullable(),
  patient: z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), medicalRecordNumber: z.string() }).optional(),
});
export type WaitlistEntry = z.infer<typeof waitlistEntrySchema>;

export const waitlistSchema = z.object({ entries: z.array(waitlistEntrySchema) });
export const oneWaitlistEntrySchema = z.object({ entry: waitlistEntrySchema });

export const WAITLIST_STATUS_LABELS: Record<string, string> = {
  WAITING: "Waiting",
  OFFERED: "Slot on offer",
  BOOKED: "Booked",
  EXPIRED: "Offer ended",
  CANCELLED: "Left the list",
};

export function isActiveEntry(entry: WaitlistEntry): boolean {
  return entry.status === "WAITING" || entry.status === "OFFERED";
}
