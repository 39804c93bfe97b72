import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";

export interface PatientProfile {
  medicalRecordNumber: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone: string | null;
  email: string | null;
}

/** A patient's own record. Patients only ever read the record linked to their account. */
export async function getOwnPatientProfile(db: Db, user: SessionUser): Promise<PatientProfile> {
  if (user.role !== "PATIENT") throw new AppError("FORBIDDEN", "Only patients have a patient profile.");
  const patient = await db.patient.findUnique({
    where: { userId: user.id },
    select: { medicalRecordNumber: true, firstName: true, lastName: true, dateOfBirth: true, phone: true, email: true },
  });
  if (!patient) throw new AppError("NOT_FOUND", "No patient record is linked to your account. Please contact reception.");
  return { ...patient, dateOfBirth: patient.dateOfBirth.toISOString().slice(0, 10) };
}
