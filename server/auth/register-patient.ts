import { randomInt } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError, isUniqueViolation, validationError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { PASSWORD_MIN_LENGTH, hashPassword } from "./password.ts";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), "is not a real date")
  .refine((v) => v >= "1900-01-01", "must be 1900-01-01 or later")
  .refine((v) => new Date(`${v}T00:00:00Z`).getTime() <= Date.now(), "cannot be in the future");

export const registerPatientSchema = z.object({
  email: z.string().trim().toLowerCase().email("must be an email address").max(254),
  password: z.string().min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`).max(200),
  firstName: z.string().trim().min(1, "is required").max(100),
  lastName: z.string().trim().min(1, "is required").max(100),
  dateOfBirth: isoDate,
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,20}$/, "must be a phone number")
    .optional(),
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
          dateOfBirth: new Date(`${data.dateOfBirth}T00:00:00Z`),
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
