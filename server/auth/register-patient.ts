import { randomInt } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError, isUniqueViolation, validationError } from "../errors.ts";
import { dateOfBirth, email, fromIsoDate, personName, phone } from "../patients/patient-fields.ts";
import type { SessionUser } from "../roles.ts";
import { PASSWORD_MIN_LENGTH, hashPassword } from "./password.ts";

export const registerPatientSchema = z.object({
  email,
  password: z.string().min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`).max(200),
  firstName: personName,
  lastName: personName,
  dateOfBirth,
  phone: phone.optional(),
});

export type RegisterPatientInput = z.infer<typeof registerPatientSchema>;

const MRN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export function newMedicalRecordNumber(): string {
  let s = "MRN-";
  for (let i = 0; i < 8; i++) s += MRN_ALPHABET[randomInt(MRN_ALPHABET.length)];
  return s;
}

/** Patient self-registration: the account and the patient record are created together or not at all. */
export async function registerPatient(db: Db, input: unknown): Promise<SessionUser> {
  const parsed = registerPatientSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const data = parsed.data;

  const existing = await db.user.findUnique({ where: { email: data.email }, select: { id: true } });
  if (existing) throw emailTaken();
  const passwordHash = await hashPassword(data.password);

  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { email: data.email, passwordHash, role: "PATIENT", displayName: `${data.firstName} ${data.lastName}` },
        select: { id: true, role: true, displayName: true },
      });
      await tx.patient.create({
        data: {
          userId: created.id,
          medicalRecordNumber: newMedicalRecordNumber(),
          firstName: data.firstName,
          lastName: data.lastName,
          dateOfBirth: fromIsoDate(data.dateOfBirth),
          phone: data.phone ?? null,
          email: data.email,
        },
      });
      return created;
    });
    return user;
  } catch (error) {
    // Two registrations racing for one email: the unique index decides.
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

function emailTaken(): AppError {
  return new AppError("CONFLICT", "An account with this email already exists. Sign in instead.", [
    { field: "email", problem: "is already registered" },
  ]);
}
