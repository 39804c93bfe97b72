import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { toIsoDate } from "./patient-fields.ts";
import type { PatientSummary } from "./patient-views.ts";

/** What a patient sees of their own record: no staff notes. */
export interface PatientProfile extends PatientSummary {
  email: string | null;
}

const patientProfileSelect = { id: true, medicalRecordNumber: true, firstName: true, lastName: true, dateOfBirth: true, phone: true, email: true } as const;

function toPatientProfile(row: Omit<PatientProfile, "dateOfBirth"> & { dateOfBirth: Date }): PatientProfile {
  return { ...row, dateOfBirth: toIsoDate(row.dateOfBirth) };
}

/** A patient's own record, or null when no record is linked to the account yet. */
export async function findOwnPatientProfile(db: Db, user: SessionUser): Promise<PatientProfile | null> {
  if (user.role !== "PATIENT") throw new AppError("FORBIDDEN", "Only patients have a patient profile.");
  const patient = await db.patient.findUnique({ where: { userId: user.id }, select: patientProfileSelect });
  return patient && toPatientProfile(patient);
}

/** A patient's own record. Patients only ever read the record linked to their account. */
export async function getOwnPatientProfile(db: Db, user: SessionUser): Promise<PatientProfile> {
  const profile = await findOwnPatientProfile(db, user);
  if (!profile) throw new AppError("NOT_FOUND", "No patient record is linked to your account. Please contact reception.");
  return profile;
}
