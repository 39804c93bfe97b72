import { z } from "zod";
import { newMedicalRecordNumber } from "../auth/register-patient.ts";
import type { Db } from "../db/client.ts";
import { AppError, isUniqueViolation, validationError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { recordAuditEvent } from "./audit-log.ts";
import { requireRecordEditor } from "./patient-access.ts";
import { dateOfBirth, email, fromIsoDate, notes, personName, phone } from "./patient-fields.ts";
import { patientRecordSelect, toPatientRecord, type PatientRecord } from "./patient-views.ts";

export const createPatientSchema = z.object({
  firstName: personName,
  lastName: personName,
  dateOfBirth,
  phone: phone.nullish(),
  email: email.nullish(),
  notes: notes.nullish(),
  /** Create even though a patient with the same name and date of birth exists. */
  confirmDuplicate: z.boolean("must be true or false").default(false),
});

export interface PossibleDuplicate {
  id: string;
  medicalRecordNumber: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
}

type CreatePatientInput = z.infer<typeof createPatientSchema>;
type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Reception and admins register a patient (walk-ins too, without an account). Same name
 * (case-insensitive, trimmed) and same date of birth as an existing record is refused with
 * CONFLICT listing the possible duplicates, unless confirmDuplicate is set.
 */
export async function createPatient(db: Db, user: SessionUser, input: unknown): Promise<PatientRecord> {
  requireRecordEditor(user);
  const parsed = createPatientSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  // A fresh MRN on the rare clash with an existing one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction((tx) => insertPatient(tx, user, parsed.data));
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

async function insertPatient(tx: Tx, user: SessionUser, data: CreatePatientInput): Promise<PatientRecord> {
  const duplicates = await findDuplicates(tx, data);
  if (duplicates.length > 0 && !data.confirmDuplicate) {
    throw new AppError("CONFLICT", "A patient with this name and date of birth already exists.", { duplicates });
  }
  const created = await tx.patient.create({
    data: {
      medicalRecordNumber: newMedicalRecordNumber(),
      firstName: data.firstName,
      lastName: data.lastName,
      dateOfBirth: fromIsoDate(data.dateOfBirth),
      phone: data.phone ?? null,
      email: data.email ?? null,
      notes: data.notes ?? null,
    },
    select: patientRecordSelect(),
  });
  await recordAuditEvent(tx, {
    actorId: user.id,
    action: "patient.create",
    patientId: created.id,
    ...(duplicates.length > 0 && { details: { duplicateConfirmed: true } }),
  });
  return toPatientRecord(created);
}

/**
 * Two receptionists registering the same walk-in at once must not both get past this check:
 * a transaction-scoped advisory lock on the name and date of birth serialises them.
 */
async function findDuplicates(tx: Tx, data: CreatePatientInput): Promise<PossibleDuplicate[]> {
  const key = `patient:${data.firstName.toLowerCase()}|${data.lastName.toLowerCase()}|${data.dateOfBirth}`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
  return tx.$queryRaw<PossibleDuplicate[]>`
    SELECT "id", "medicalRecordNumber", "firstName", "lastName", to_char("dateOfBirth", 'YYYY-MM-DD') AS "dateOfBirth"
    FROM "Patient"
    WHERE "dateOfBirth" = ${data.dateOfBirth}::date
      AND lower(btrim("firstName")) = lower(${data.firstName})
      AND lower(btrim("lastName")) = lower(${data.lastName})
    ORDER BY "createdAt"
    LIMIT 10`;
}
