import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError, validationError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { assertBookable, clinicianIn, loadBookingContext, type Audience } from "./booking-context.ts";
import { computeFreeSlots } from "./free-slots.ts";
import { daysBetween, isIsoDate, localDateOf } from "./local-time.ts";
import { toSlotViews, type SlotView } from "./slot-view.ts";

export const MAX_SEARCH_DAYS = 31;

const isoDate = z.string().refine(isIsoDate, "must be a date as YYYY-MM-DD");

export const findSlotsSchema = z.object({
  appointmentTypeId: z.uuid("must be an id"),
  /** Omit for "any clinician" of the type's department. */
  clinicianId: z.uuid("must be an id").optional(),
  from: isoDate,
  to: isoDate,
});


export interface SlotSearchResult {
  timeZone: string;
  department: { id: string; name: string };
  appointmentType: { id: string; name: string; durationMinutes: number };
  slots: SlotView[];
}

export function audienceOf(user: SessionUser): Audience {
  return user.role === "PATIENT" ? "patient" : "staff";
}

/**
 * Free slots for an appointment type, for one clinician or any clinician of its department,
 * over local dates [from, to] in the location's time zone.
 */
export async function findSlots(db: Db, user: SessionUser, input: unknown, now = Date.now()): Promise<SlotSearchResult> {
  const parsed = findSlotsSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { appointmentTypeId, clinicianId, from, to } = parsed.data;

  const context = await loadBookingContext(db, appointmentTypeId);
  const audience = audienceOf(user);
  assertBookable(context, audience);
  const today = localDateOf(now, context.location.timeZone);
  if (to < from) throw new AppError("VALIDATION_FAILED", "The end date is before the start date.", [{ field: "to", problem: "must not be before from" }]);
  if (from < today) throw new AppError("VALIDATION_FAILED", "Dates in the past have no free slots.", [{ field: "from", problem: `must be ${today} or later` }]);
  if (daysBetween(from, to) >= MAX_SEARCH_DAYS) {
    throw new AppError("VALIDATION_FAILED", `Search at most ${MAX_SEARCH_DAYS} days at a time.`, [{ field: "to", problem: `must be within ${MAX_SEARCH_DAYS} days of from` }]);
  }
  const clinicianIds = clinicianId ? [clinicianIn(context, clinicianId).id] : context.clinicians.map((c) => c.id);
  const slots = await computeFreeSlots(db, context, { clinicianIds, from, to, audience, now });
  return {
    timeZone: context.location.timeZone,
    department: context.department,
    appointmentType: { id: context.appointmentType.id, name: context.appointmentType.name, durationMinutes: context.appointmentType.durationMinutes },
    slots: toSlotViews(context, slots),
  };
}
