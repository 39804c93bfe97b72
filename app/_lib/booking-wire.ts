import { z } from "zod";
import type { BookingOptions } from "@/server/booking/list-booking-options";
import type { ApiError } from "./api-client";

/** The booking API's answers as the pages read them (docs/api.md, server/booking/*). */

/** A bookable time: a free slot, or an alternative offered with SLOT_TAKEN. */
export const slotChoiceSchema = z.object({
  clinicianId: z.string(),
  clinicianName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
});
export type SlotChoice = z.infer<typeof slotChoiceSchema>;

export const slotSearchSchema = z.object({
  timeZone: z.string(),
  slots: z.array(slotChoiceSchema.extend({ room: z.string(), date: z.string() })),
});
export type FreeSlot = z.infer<typeof slotSearchSchema>["slots"][number];

export const appointmentSchema = z.object({
  id: z.string(),
  status: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  date: z.string(),
  timeZone: z.string(),
  holdExpiresAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  changeableUntil: z.string(),
  clinician: z.object({ id: z.string(), displayName: z.string(), room: z.string() }),
  department: z.object({ id: z.string(), name: z.string() }),
  appointmentType: z.object({ id: z.string(), name: z.string(), durationMinutes: z.number() }),
  patient: z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), medicalRecordNumber: z.string() }).optional(),
});
export type Appointment = z.infer<typeof appointmentSchema>;

export const oneAppointmentSchema = z.object({ appointment: appointmentSchema });
export const ownAppointmentsSchema = z.object({ upcoming: z.array(appointmentSchema), past: z.array(appointmentSchema) });
export type OwnAppointments = z.infer<typeof ownAppointmentsSchema>;

export const clinicianDaySchema = z.object({
  date: z.string(),
  timeZone: z.string(),
  clinician: z.object({ id: z.string(), displayName: z.string(), room: z.string() }),
  appointments: z.array(appointmentSchema),
});
export type ClinicianDay = z.infer<typeof clinicianDaySchema>;

const slotTakenDetails = z.object({ alternatives: z.array(slotChoiceSchema) });

/** The alternatives of a 409 SLOT_TAKEN (possibly none), or null for any other error. */
export function slotTakenAlternatives(error: ApiError): SlotChoice[] | null {
  if (error.code !== "SLOT_TAKEN") return null;
  const details = slotTakenDetails.safeParse(error.details);
  return details.success ? details.data.alternatives : [];
}

const changeWindowDetails = z.object({ changeableUntil: z.string(), overridable: z.boolean().optional() });

/** Details of a 409 CHANGE_WINDOW_CLOSED, or null for any other error. */
export function changeWindowClosed(error: ApiError): { changeableUntil: string; overridable: boolean } | null {
  if (error.code !== "CHANGE_WINDOW_CLOSED") return null;
  const details = changeWindowDetails.safeParse(error.details);
  return details.success ? { changeableUntil: details.data.changeableUntil, overridable: details.data.overridable === true } : { changeableUntil: "", overridable: false };
}

/** A department with its bookable types and clinicians, as the booking pages offer it. */
export type BookingDepartment = BookingOptions["departments"][number];
