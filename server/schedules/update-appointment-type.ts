import type { Db } from "../db/client.ts";
import { isUniqueViolation, validationError } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { SessionUser } from "../roles.ts";
import {
  appointmentTypeNameTaken,
  appointmentTypeSelect,
  assertAppointmentTypeNameFree,
  toAppointmentTypeView,
  updateAppointmentTypeSchema,
  type AppointmentTypeView,
} from "./appointment-type-schemas.ts";
import { findCliniciansToNotify, notifyScheduleChange } from "./notify-schedule-change.ts";
import { assertRecordId, notFound } from "./record-id.ts";
import { assertCanEditSchedules } from "./schedule-access.ts";

/**
 * Renames, re-times, opens or closes online booking for, archives or un-archives a type.
 * Types are never deleted: appointments reference them. A change to duration, online
 * booking or archiving changes what can be booked, so the department's booking pages re-read.
 */
export async function updateAppointmentType(db: Db, realtime: Realtime, user: SessionUser, typeId: string, input: unknown): Promise<AppointmentTypeView> {
  assertCanEditSchedules(user);
  assertRecordId(typeId, "appointment type");
  const existing = await db.appointmentType.findUnique({ where: { id: typeId }, select: { id: true } });
  if (!existing) throw notFound("appointment type");
  const parsed = updateAppointmentTypeSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { archived, ...fields } = parsed.data;

  try {
    const { before, after, clinicians } = await db.$transaction(async (tx) => {
      const before = await tx.appointmentType.findUniqueOrThrow({ where: { id: typeId }, select: appointmentTypeSelect });
      if (fields.name !== undefined && fields.name !== before.name) await assertAppointmentTypeNameFree(tx, before.departmentId, fields.name, typeId);
      const archivedAt = archived === undefined ? undefined : archived ? (before.archivedAt ?? new Date()) : null;
      const after = await tx.appointmentType.update({ where: { id: typeId }, data: { ...fields, archivedAt }, select: appointmentTypeSelect });
      return { before, after, clinicians: await findCliniciansToNotify(tx, { departmentId: before.departmentId }) };
    });
    const changesSlots =
      before.durationMinutes !== after.durationMinutes || before.bookableOnline !== after.bookableOnline || (before.archivedAt === null) !== (after.archivedAt === null);
    if (changesSlots) notifyScheduleChange(realtime, clinicians);
    return toAppointmentTypeView(after);
  } catch (error) {
    if (isUniqueViolation(error)) throw appointmentTypeNameTaken();
    throw error;
  }
}
