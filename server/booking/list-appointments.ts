import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError, validationError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { appointmentSelect, ownPatientId, toAppointmentView, type AppointmentView } from "./appointment-view.ts";
import { addDays, isIsoDate, startOfLocalDay } from "./local-time.ts";

/**
 * Leaves out holds that lapsed or were released: they were never appointments. Written as an
 * OR because `NOT (status = 'CANCELLED' AND cancelReason IN (…))` is NULL — and drops the row —
 * for a cancellation without a reason.
 */
const NOT_A_LAPSED_HOLD = {
  OR: [{ status: { not: "CANCELLED" as const } }, { cancelReason: null }, { cancelReason: { notIn: ["Hold expired", "Hold released", "Offer declined", "Left the waitlist"] } }],
};

/** A patient's own appointments: upcoming (soonest first) and past (latest first). */
export async function listOwnAppointments(db: Db, user: SessionUser, now = Date.now()): Promise<{ upcoming: AppointmentView[]; past: AppointmentView[] }> {
  if (user.role !== "PATIENT") throw new AppError("FORBIDDEN", "Only patients have their own appointments.");
  const patientId = await ownPatientId(db, user);
  const rows = await db.appointment.findMany({
    where: { patientId, ...NOT_A_LAPSED_HOLD },
    select: appointmentSelect,
    orderBy: { startsAt: "asc" },
    take: 500,
  });
  const views = rows.map((r) => toAppointmentView(r, user));
  const isUpcoming = (v: AppointmentView) => Date.parse(v.endsAt) > now && (v.status === "BOOKED" || v.status === "HELD");
  return { upcoming: views.filter(isUpcoming), past: views.filter((v) => !isUpcoming(v)).reverse() };
}

export const daySchema = z.object({
  clinicianId: z.uuid("must be an id"),
  date: z.string().refine(isIsoDate, "must be a date as YYYY-MM-DD"),
});

/** One clinician's local day for staff: every appointment that was not a lapsed hold. */
export async function listClinicianDay(db: Db, user: SessionUser, input: unknown): Promise<{ date: string; timeZone: string; clinician: { id: string; displayName: string; room: string }; appointments: AppointmentView[] }> {
  if (user.role === "PATIENT") throw new AppError("FORBIDDEN", "Day views are for staff.");
  const parsed = daySchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const clinician = await db.clinician.findUnique({
    where: { id: parsed.data.clinicianId },
    select: { id: true, room: true, user: { select: { displayName: true } }, department: { select: { location: { select: { timeZone: true } } } } },
  });
  if (!clinician) throw new AppError("NOT_FOUND", "No such clinician.");
  const { timeZone } = clinician.department.location;
  const start = startOfLocalDay(parsed.data.date, timeZone);
  const end = startOfLocalDay(addDays(parsed.data.date, 1), timeZone);
  const rows = await db.appointment.findMany({
    where: {
      clinicianId: clinician.id,
      startsAt: { gte: new Date(start), lt: new Date(end) },
      ...NOT_A_LAPSED_HOLD,
    },
    select: appointmentSelect,
    orderBy: { startsAt: "asc" },
  });
  return {
    date: parsed.data.date,
    timeZone,
    clinician: { id: clinician.id, displayName: clinician.user.displayName, room: clinician.room },
    appointments: rows.map((r) => toAppointmentView(r, user)),
  };
}
