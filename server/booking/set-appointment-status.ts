import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError, validationError } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import { isStaff, type SessionUser } from "../roles.ts";
import { loadAppointmentFor, toAppointmentView, type AppointmentView } from "./appointment-view.ts";
import { notifyAvailabilityChanged } from "./live.ts";

export const setStatusSchema = z.object({ status: z.enum(["COMPLETED", "NO_SHOW"], "must be COMPLETED or NO_SHOW") });

/** Staff record how a booked appointment ended, once it has started. */
export async function setAppointmentStatus(db: Db, realtime: Realtime, user: SessionUser, appointmentId: string, input: unknown, now = Date.now()): Promise<AppointmentView> {
  const parsed = setStatusSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const row = await loadAppointmentFor(db, user, appointmentId);
  if (!isStaff(user.role)) throw new AppError("NOT_FOUND", "No such appointment.");
  if (row.status !== "BOOKED") throw new AppError("CONFLICT", `Only booked appointments can be marked; this one is ${row.status.toLowerCase()}.`);
  if (row.startsAt.getTime() > now) throw new AppError("CONFLICT", "An appointment can be marked completed or no-show once it has started.");
  const updated = await db.appointment.updateMany({ where: { id: row.id, status: "BOOKED" }, data: { status: parsed.data.status } });
  if (updated.count !== 1) throw new AppError("CONFLICT", "This appointment changed meanwhile. Please reload.");
  const view = toAppointmentView(await loadAppointmentFor(db, user, row.id), user);
  notifyAvailabilityChanged(realtime, { clinicianId: view.clinician.id, departmentId: view.department.id, date: view.date, reason: "status" });
  return view;
}
