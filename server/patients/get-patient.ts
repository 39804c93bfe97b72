import type { Db } from "../db/client.ts";
import type { SessionUser } from "../roles.ts";
import { recordAuditEvent } from "./audit-log.ts";
import { findOwnPatientProfile, type PatientProfile } from "./get-own-profile.ts";
import { patientNotFound, requireStaff } from "./patient-access.ts";
import { isUuid } from "./patient-fields.ts";
import { patientRecordSelect, toPatientRecord, type PatientRecord } from "./patient-views.ts";

/**
 * One record by id. Staff see all of it, and every such view is audited (`patient.view`).
 * A patient sees only their own record, without staff notes; any other id, like an unknown
 * or malformed one, answers NOT_FOUND, so patients cannot probe which records exist.
 */
export async function getPatient(db: Db, user: SessionUser, id: unknown): Promise<PatientRecord | PatientProfile> {
  if (user.role === "PATIENT") return getOwnRecordById(db, user, id);
  return getPatientForStaff(db, user, id);
}

export async function getPatientForStaff(db: Db, user: SessionUser, id: unknown): Promise<PatientRecord> {
  requireStaff(user);
  if (!isUuid(id)) throw patientNotFound();
  const row = await db.patient.findUnique({ where: { id }, select: patientRecordSelect() });
  if (!row) throw patientNotFound();
  // No record leaves without its view on the log: if the audit write fails, so does the view.
  await recordAuditEvent(db, { actorId: user.id, action: "patient.view", patientId: row.id });
  return toPatientRecord(row);
}

async function getOwnRecordById(db: Db, user: SessionUser, id: unknown): Promise<PatientProfile> {
  const own = await findOwnPatientProfile(db, user);
  if (!own || typeof id !== "string" || own.id !== id.toLowerCase()) throw patientNotFound();
  return own;
}
