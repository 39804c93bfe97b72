import { z } from "zod";
import { addDays, daysBetween, isIsoDate } from "../booking/local-time.ts";
import { parseTimeOffMoment } from "./time-off-moment.ts";

/** A BOOKED appointment inside a time off: reception should move it. */
export interface AffectedAppointmentView {
  id: string;
  startsAt: string;
  endsAt: string;
  patientName: string;
  appointmentTypeName: string;
}

export interface TimeOffView {
  id: string;
  clinicianId: string;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  /** BOOKED appointments that still overlap this time off, earliest first. */
  affectedAppointments: AffectedAppointmentView[];
}

export const MAX_TIME_OFF_DAYS = 366;
export const MAX_TIME_OFF_REASON = 200;
const DAY_MS = 86_400_000;

/** The add-time-off body; local date-times are read in `timeZone` (the clinician's location's). */
export function addTimeOffSchema(timeZone: string) {
  const moment = z.string().transform((value, ctx) => {
    const parsed = parseTimeOffMoment(value.trim(), timeZone);
    if ("problem" in parsed) {
      ctx.addIssue({ code: "custom", message: parsed.problem });
      return z.NEVER;
    }
    return new Date(parsed.instant);
  });
  return z
    .object({
      startsAt: moment,
      endsAt: moment,
      reason: z
        .string()
        .trim()
        .max(MAX_TIME_OFF_REASON, `must be at most ${MAX_TIME_OFF_REASON} characters`)
        .nullish()
        .transform((v) => v || null),
    })
    .superRefine(({ startsAt, endsAt }, ctx) => {
      if (!(startsAt instanceof Date) || !(endsAt instanceof Date)) return;
      if (endsAt.getTime() <= startsAt.getTime()) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must be after startsAt" });
      else if (endsAt.getTime() - startsAt.getTime() > MAX_TIME_OFF_DAYS * DAY_MS) {
        ctx.addIssue({ code: "custom", path: ["endsAt"], message: `must be at most ${MAX_TIME_OFF_DAYS} days after startsAt` });
      }
    });
}

export const MAX_TIME_OFF_QUERY_DAYS = 731;
export const DEFAULT_TIME_OFF_DAYS = 90;
const localDate = z.string().refine(isIsoDate, "must be a date as YYYY-MM-DD");

/** Which local days to list time off for, both ends inclusive: from defaults to today, to to 90 days after from. */
export function timeOffRangeSchema(today: string) {
  return z
    .object({ from: localDate.default(today), to: localDate.optional() })
    .transform(({ from, to }) => ({ from, to: to ?? addDays(from, DEFAULT_TIME_OFF_DAYS) }))
    .refine((q) => q.to >= q.from, { path: ["to"], message: "must not be before from" })
    .refine((q) => daysBetween(q.from, q.to) < MAX_TIME_OFF_QUERY_DAYS, { path: ["to"], message: `must be less than ${MAX_TIME_OFF_QUERY_DAYS} days after from` });
}
