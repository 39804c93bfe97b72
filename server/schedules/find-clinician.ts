import type { Prisma } from "../db/generated/client.ts";
import { assertRecordId, notFound } from "./record-id.ts";

/** What schedule services need to know about a clinician: whose it is, where, and in which zone. */
export interface ScheduleClinician {
  id: string;
  userId: string;
  departmentId: string;
  locationId: string;
  timeZone: string;
}

type Reader = Prisma.TransactionClient;

export const scheduleClinicianSelect = {
  id: true,
  userId: true,
  departmentId: true,
  department: { select: { locationId: true, location: { select: { timeZone: true } } } },
} as const;

export function toScheduleClinician(row: Prisma.ClinicianGetPayload<{ select: typeof scheduleClinicianSelect }>): ScheduleClinician {
  return { id: row.id, userId: row.userId, departmentId: row.departmentId, locationId: row.department.locationId, timeZone: row.department.location.timeZone };
}

export async function findClinician(db: Reader, clinicianId: string): Promise<ScheduleClinician> {
  assertRecordId(clinicianId, "clinician");
  const row = await db.clinician.findUnique({ where: { id: clinicianId }, select: scheduleClinicianSelect });
  if (!row) throw notFound("clinician");
  return toScheduleClinician(row);
}

/**
 * Inside a transaction: takes the clinician's row lock first, so two changes to one
 * clinician's schedule run one after the other instead of interleaving.
 */
export async function lockClinician(tx: Reader, clinicianId: string): Promise<ScheduleClinician> {
  assertRecordId(clinicianId, "clinician");
  await tx.$queryRaw`SELECT 1 FROM "Clinician" WHERE "id" = ${clinicianId}::uuid FOR UPDATE`;
  return findClinician(tx, clinicianId);
}
