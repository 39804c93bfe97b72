import { randomBytes } from "node:crypto";
import { hashPassword } from "../../server/auth/password.ts";
import { newMedicalRecordNumber } from "../../server/auth/register-patient.ts";
import type { Db } from "../../server/db/client.ts";
import type { PatientChanges } from "../../server/patients/apply-patient-changes.ts";
import type { Role, SessionUser } from "../../server/roles.ts";

export const TEST_PASSWORD = "correct horse battery";

let cachedHash: Promise<string> | undefined;
function testPasswordHash(): Promise<string> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return cachedHash;
}

export interface TestUser extends SessionUser {
  email: string;
  password: string;
}

/** A user of the given role; patients also get a patient record. */
export async function createUser(db: Db, role: Role, overrides: { email?: string; displayName?: string; disabled?: boolean } = {}): Promise<TestUser> {
  const tag = randomBytes(4).toString("hex");
  const email = overrides.email ?? `${role.toLowerCase()}-${tag}@clinicflow.test`;
  const displayName = overrides.displayName ?? `${role.charAt(0)}${role.slice(1).toLowerCase()} ${tag}`;
  const user = await db.user.create({
    data: { email, displayName, role, passwordHash: await testPasswordHash(), disabledAt: overrides.disabled ? new Date() : null },
    select: { id: true, role: true, displayName: true },
  });
  if (role === "PATIENT") {
    await db.patient.create({
      data: { userId: user.id, medicalRecordNumber: newMedicalRecordNumber(), firstName: "Test", lastName: `Patient ${tag}`, dateOfBirth: new Date("1990-01-01"), email },
    });
  }
  return { ...user, email, password: TEST_PASSWORD };
}

export async function createUsersForEveryRole(db: Db): Promise<Record<Role, TestUser>> {
  const [ADMIN, RECEPTIONIST, CLINICIAN, PATIENT] = await Promise.all([
    createUser(db, "ADMIN"),
    createUser(db, "RECEPTIONIST"),
    createUser(db, "CLINICIAN"),
    createUser(db, "PATIENT"),
  ]);
  return { ADMIN, RECEPTIONIST, CLINICIAN, PATIENT };
}

export type PatientRecordOverrides = PatientChanges & { medicalRecordNumber?: string };

/** A patient record without an account (a walk-in). Names get a random tag unless given. */
export async function createPatientRecord(db: Db, overrides: PatientRecordOverrides = {}): Promise<{ id: string; medicalRecordNumber: string; firstName: string; lastName: string }> {
  const tag = randomBytes(4).toString("hex");
  return db.patient.create({
    data: {
      medicalRecordNumber: overrides.medicalRecordNumber ?? newMedicalRecordNumber(),
      firstName: overrides.firstName ?? "Walk",
      lastName: overrides.lastName ?? `In ${tag}`,
      dateOfBirth: new Date(`${overrides.dateOfBirth ?? "1985-06-15"}T00:00:00Z`),
      phone: overrides.phone ?? null,
      email: overrides.email ?? null,
      notes: overrides.notes ?? null,
    },
    select: { id: true, medicalRecordNumber: true, firstName: true, lastName: true },
  });
}
