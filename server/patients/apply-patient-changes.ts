import type { Db } from "../db/client.ts";
import { recordAuditEvent } from "./audit-log.ts";
import { patientNotFound } from "./patient-access.ts";
import { fromIsoDate } from "./patient-fields.ts";

/** The fields a record's edits may touch; the MRN and the linked account never change here. */
export const EDITABLE_FIELDS = ["firstName", "lastName", "dateOfBirth", "phone", "email", "notes"] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export interface PatientChanges {
  firstName?: string;
  lastName?: string;
  dateOfBirth?: string;
  phone?: string | null;
  email?: string | null;
  notes?: string | null;
}

type CurrentValues = Record<EditableField, string | null>;

/**
 * Writes a partial change and its `patient.update` audit event in one transaction. The event
 * lists the names of the fields whose value actually changed, never the values. Nothing is
 * written, and no event recorded, when every value is already as requested. The row is
 * locked first, so concurrent edits each see the other's result when deciding what changed.
 */
export async function applyPatientChanges(db: Db, change: { actorId: string; patientId: string; changes: PatientChanges }): Promise<EditableField[]> {
  const { actorId, patientId, changes } = change;
  return db.$transaction(async (tx) => {
    const [current] = await tx.$queryRaw<CurrentValues[]>`
      SELECT "firstName", "lastName", to_char("dateOfBirth", 'YYYY-MM-DD') AS "dateOfBirth", "phone", "email", "notes"
      FROM "Patient" WHERE "id" = ${patientId}::uuid FOR UPDATE`;
    if (!current) throw patientNotFound();
    const changed = EDITABLE_FIELDS.filter((field) => changes[field] !== undefined && changes[field] !== current[field]);
    if (changed.length === 0) return changed;
    const value = <F extends EditableField>(field: F) => (changed.includes(field) ? changes[field] : undefined);
    const newDateOfBirth = value("dateOfBirth");
    await tx.patient.update({
      where: { id: patientId },
      data: {
        firstName: value("firstName"),
        lastName: value("lastName"),
        dateOfBirth: newDateOfBirth ? fromIsoDate(newDateOfBirth) : undefined,
        phone: value("phone"),
        email: value("email"),
        notes: value("notes"),
      },
      select: { id: true },
    });
    await recordAuditEvent(tx, { actorId, action: "patient.update", patientId, details: { fields: changed } });
    return changed;
  });
}
