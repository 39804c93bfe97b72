import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError, validationError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { applyPatientChanges, EDITABLE_FIELDS, type EditableField } from "./apply-patient-changes.ts";
import { isRecordEditor, patientNotFound, requireStaff } from "./patient-access.ts";
import { dateOfBirth, email, isUuid, notes, personName, phone } from "./patient-fields.ts";
import { patientRecordSelect, toPatientRecord, type PatientRecord } from "./patient-views.ts";

/** Partial: only the fields sent are changed; null clears phone, email or notes. */
export const updatePatientSchema = z
  .object({
    firstName: personName.optional(),
    lastName: personName.optional(),
    dateOfBirth: dateOfBirth.optional(),
    phone: phone.nullable().optional(),
    email: email.nullable().optional(),
    notes: notes.nullable().optional(),
  })
  .refine((changes) => Object.values(changes).some((v) => v !== undefined), `must contain at least one of ${EDITABLE_FIELDS.join(", ")}`);

/** Which fields each staff role may edit: clinicians keep the notes, reception and admins everything. */
export function editableFieldsFor(user: SessionUser): readonly EditableField[] {
  if (isRecordEditor(user.role)) return EDITABLE_FIELDS;
  if (user.role === "CLINICIAN") return ["notes"];
  return [];
}

/** Staff edit a record; the change and its audit event (changed field names only) commit together. */
export async function updatePatient(db: Db, user: SessionUser, id: unknown, input: unknown): Promise<PatientRecord> {
  requireStaff(user);
  if (!isUuid(id)) throw patientNotFound();
  const refused = requestedFields(input).filter((field) => !editableFieldsFor(user).includes(field));
  if (refused.length > 0) {
    throw new AppError(
      "FORBIDDEN",
      "Clinicians can change the notes only.",
      refused.map((field) => ({ field, problem: "may be changed by admins and reception only" })),
    );
  }
  const parsed = updatePatientSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  await applyPatientChanges(db, { actorId: user.id, patientId: id, changes: parsed.data });
  return toPatientRecord(await db.patient.findUniqueOrThrow({ where: { id }, select: patientRecordSelect() }));
}

function requestedFields(input: unknown): EditableField[] {
  if (typeof input !== "object" || input === null) return [];
  const sent = new Set(Object.entries(input).flatMap(([key, value]) => (value === undefined ? [] : [key])));
  return EDITABLE_FIELDS.filter((field) => sent.has(field));
}
