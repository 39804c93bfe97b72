import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError, validationError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { applyPatientChanges } from "./apply-patient-changes.ts";
import { getOwnPatientProfile, type PatientProfile } from "./get-own-profile.ts";
import { email, phone } from "./patient-fields.ts";

/** The contact details on the patient record; the sign-in email of the account is not touched. */
export const updateOwnContactSchema = z
  .object({ phone: phone.nullable().optional(), email: email.nullable().optional() })
  .refine((c) => c.phone !== undefined || c.email !== undefined, "must contain phone or email");

/** A patient updates their own phone and email; audited as `patient.update` by the patient. */
export async function updateOwnContact(db: Db, user: SessionUser, input: unknown): Promise<PatientProfile> {
  if (user.role !== "PATIENT") throw new AppError("FORBIDDEN", "Only patients can change their own contact details.");
  const own = await getOwnPatientProfile(db, user);
  const parsed = updateOwnContactSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  await applyPatientChanges(db, { actorId: user.id, patientId: own.id, changes: parsed.data });
  return getOwnPatientProfile(db, user);
}
