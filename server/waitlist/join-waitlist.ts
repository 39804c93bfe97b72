import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError, isUniqueViolation, validationError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { ownPatientId } from "../booking/appointment-view.ts";
import { assertBookable, clinicianIn, loadBookingContext } from "../booking/booking-context.ts";
import { audienceOf } from "../booking/find-slots.ts";
import { daysBetween, isIsoDate, localDateOf } from "../booking/local-time.ts";
import { ACTIVE_STATUSES, fromIsoDate, loadEntryFor, toWaitlistEntryView, type WaitlistEntryView } from "./waitlist-view.ts";

/** The longest stretch one entry may wait for, in days (from and to included). */
export const MAX_WAITLIST_DAYS = 60;

const isoDate = z.string().refine(isIsoDate, "must be a date as YYYY-MM-DD");

export const joinWaitlistSchema = z.object({
  departmentId: z.uuid("must be an id"),
  appointmentTypeId: z.uuid("must be an id"),
  /** Omit for any clinician of the department. */
  clinicianId: z.uuid("must be an id").optional(),
  fromDate: isoDate,
  toDate: isoDate,
  /** Staff only: whom the entry is for. Patients always join for themselves. */
  patientId: z.uuid("must be an id").optional(),
});

/**
 * Puts a patient on the waitlist for an appointment type of a department (optionally with one
 * clinician) between two local dates. A patient joins for themselves (online types only);
 * reception and admins join any patient (any type). One active entry per patient and type.
 */
export async function joinWaitlist(db: Db, user: SessionUser, input: unknown, now = Date.now()): Promise<WaitlistEntryView> {
  const parsed = joinWaitlistSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { departmentId, appointmentTypeId, clinicianId, fromDate, toDate } = parsed.data;
  if (user.role === "CLINICIAN") throw new AppError("FORBIDDEN", "Reception puts patients on the waitlist.");
  const patientId = await waitingPatientId(db, user, parsed.data.patientId);

  const context = await loadBookingContext(db, appointmentTypeId);
  if (context.department.id !== departmentId) {
    throw new AppError("VALIDATION_FAILED", `${context.appointmentType.name} is not offered by this department.`, [{ field: "appointmentTypeId", problem: "is not offered by this department" }]);
  }
  assertBookable(context, audienceOf(user));
  if (clinicianId) clinicianIn(context, clinicianId);

  const today = localDateOf(now, context.location.timeZone);
  if (toDate < fromDate) throw new AppError("VALIDATION_FAILED", "The end date is before the start date.", [{ field: "toDate", problem: "must not be before fromDate" }]);
  if (fromDate < today) throw new AppError("VALIDATION_FAILED", "The waitlist starts today at the earliest.", [{ field: "fromDate", problem: `must be ${today} or later` }]);
  if (daysBetween(fromDate, toDate) >= MAX_WAITLIST_DAYS) {
    throw new AppError("VALIDATION_FAILED", `Wait for at most ${MAX_WAITLIST_DAYS} days at a time.`, [{ field: "toDate", problem: `must be within ${MAX_WAITLIST_DAYS} days of fromDate` }]);
  }

  const alreadyWaiting = () => new AppError("CONFLICT", `Already on the waitlist for ${context.appointmentType.name}. Leave that entry first to change it.`);
  const created = await db.$transaction(async (tx) => {
    // Lock the patient so that two joins at once cannot both pass the duplicate check.
    await tx.$queryRaw`SELECT 1 FROM "Patient" WHERE "id" = ${patientId}::uuid FOR UPDATE`;
    const active = await tx.waitlistEntry.findFirst({ where: { patientId, appointmentTypeId, status: { in: [...ACTIVE_STATUSES] } }, select: { id: true } });
    if (active) {
      throw new AppError("CONFLICT", `Already on the waitlist for ${context.appointmentType.name}. Leave that entry first to change it.`, { entryId: active.id });
    }
    return tx.waitlistEntry.create({
      data: { patientId, departmentId, clinicianId: clinicianId ?? null, appointmentTypeId, fromDate: fromIsoDate(fromDate), toDate: fromIsoDate(toDate) },
      select: { id: true },
    });
  }).catch((error: unknown) => {
    // The database keeps one active entry per patient and type whatever wrote it.
    if (isUniqueViolation(error)) throw alreadyWaiting();
    throw error;
  });
  return toWaitlistEntryView(await loadEntryFor(db, user, created.id), user);
}

async function waitingPatientId(db: Db, user: SessionUser, patientId: string | undefined): Promise<string> {
  if (user.role === "PATIENT") return ownPatientId(db, user);
  if (!patientId) throw new AppError("VALIDATION_FAILED", "Say who is waiting.", [{ field: "patientId", problem: "is required" }]);
  const exists = await db.patient.findUnique({ where: { id: patientId }, select: { id: true } });
  if (!exists) throw new AppError("VALIDATION_FAILED", "No such patient.", [{ field: "patientId", problem: "does not exist" }]);
  return patientId;
}
