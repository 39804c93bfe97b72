import { z } from "zod";
import type { DbOrTx } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { WaitlistOfferView } from "../gateway/contract.ts";
import type { SessionUser } from "../roles.ts";

/** Entries still in play: a patient may have one of these per appointment type. */
export const ACTIVE_STATUSES = ["WAITING", "OFFERED"] as const;

export const waitlistEntrySelect = {
  id: true,
  status: true,
  fromDate: true,
  toDate: true,
  createdAt: true,
  offeredAppointmentId: true,
  patient: { select: { id: true, firstName: true, lastName: true, medicalRecordNumber: true, userId: true } },
  department: { select: { id: true, name: true, location: { select: { timeZone: true } } } },
  clinician: { select: { id: true, user: { select: { displayName: true } } } },
  appointmentType: { select: { id: true, name: true, durationMinutes: true } },
  offeredAppointment: { select: { id: true, startsAt: true, endsAt: true, holdExpiresAt: true, clinician: { select: { user: { select: { displayName: true } } } } } },
} as const;

function findRow(db: DbOrTx, id: string) {
  return db.waitlistEntry.findUnique({ where: { id }, select: waitlistEntrySelect });
}
export type WaitlistEntryRow = NonNullable<Awaited<ReturnType<typeof findRow>>>;

export interface WaitlistEntryView {
  id: string;
  status: string;
  /** Local dates (the location's time zone), YYYY-MM-DD, inclusive. */
  fromDate: string;
  toDate: string;
  createdAt: string;
  timeZone: string;
  department: { id: string; name: string };
  /** null: any clinician of the department. */
  clinician: { id: string; displayName: string } | null;
  appointmentType: { id: string; name: string; durationMinutes: number };
  /** The slot held for the patient while the entry is OFFERED. */
  offer: WaitlistOfferView | null;
  /** Only for staff. */
  patient?: { id: string; firstName: string; lastName: string; medicalRecordNumber: string };
}

export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function fromIsoDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function toWaitlistEntryView(row: WaitlistEntryRow, viewer: SessionUser): WaitlistEntryView {
  const offered = row.status === "OFFERED" ? row.offeredAppointment : null;
  return {
    id: row.id,
    status: row.status,
    fromDate: toIsoDate(row.fromDate),
    toDate: toIsoDate(row.toDate),
    createdAt: row.createdAt.toISOString(),
    timeZone: row.department.location.timeZone,
    department: { id: row.department.id, name: row.department.name },
    clinician: row.clinician ? { id: row.clinician.id, displayName: row.clinician.user.displayName } : null,
    appointmentType: row.appointmentType,
    offer:
      offered && offered.holdExpiresAt
        ? {
            entryId: row.id,
            appointmentId: offered.id,
            startsAt: offered.startsAt.toISOString(),
            endsAt: offered.endsAt.toISOString(),
            expiresAt: offered.holdExpiresAt.toISOString(),
            clinicianName: offered.clinician.user.displayName,
            appointmentTypeName: row.appointmentType.name,
          }
        : null,
    ...(viewer.role === "PATIENT"
      ? {}
      : { patient: { id: row.patient.id, firstName: row.patient.firstName, lastName: row.patient.lastName, medicalRecordNumber: row.patient.medicalRecordNumber } }),
  };
}

/**
 * An entry the user may see: staff see every entry; a patient only their own. Anything else
 * answers NOT_FOUND, exactly like an id that does not exist.
 */
export async function loadEntryFor(db: DbOrTx, user: SessionUser, id: string): Promise<WaitlistEntryRow> {
  const row = z.uuid().safeParse(id).success ? await findRow(db, id) : null;
  if (!row || (user.role === "PATIENT" && row.patient.userId !== user.id)) {
    throw new AppError("NOT_FOUND", "No such waitlist entry.");
  }
  return row;
}
