import { Prisma } from "../db/generated/client.ts";
import type { DbOrTx } from "../db/client.ts";

export interface ExpiredHold {
  id: string;
  clinicianId: string;
  appointmentTypeId: string;
  startsAt: Date;
  /** The waitlist entry whose offer this was, if any (now EXPIRED). */
  waitlistEntryId: string | null;
}

/**
 * Ends holds whose time is up: they become CANCELLED ("Hold expired") and stop holding the
 * clinician's time; waitlist offers among them expire with them. Scoped to one clinician and
 * time range when a booking needs that time now; unscoped for the periodic sweep. Each expired
 * hold is returned by exactly one caller, however many instances sweep at once.
 */
export async function expireHolds(db: DbOrTx, scope?: { clinicianId: string; start: Date; end: Date }): Promise<ExpiredHold[]> {
  const where = scope
    ? Prisma.sql`AND "clinicianId" = ${scope.clinicianId}::uuid AND tstzrange("startsAt", "blockedUntil", '[)') && tstzrange(${scope.start}::timestamptz, ${scope.end}::timestamptz, '[)')`
    : Prisma.empty;
  return db.$queryRaw<ExpiredHold[]>`
    WITH expired AS (
      UPDATE "Appointment"
         SET "status" = 'CANCELLED', "cancelledBy" = 'CLINIC', "cancelledAt" = now(), "cancelReason" = 'Hold expired',
             "holdExpiresAt" = NULL, "updatedAt" = now()
       WHERE "status" = 'HELD' AND "holdExpiresAt" <= now() ${where}
   RETURNING "id", "clinicianId", "appointmentTypeId", "startsAt"
    ), offers AS (
      UPDATE "WaitlistEntry" w
         SET "status" = 'EXPIRED', "offeredAppointmentId" = NULL, "updatedAt" = now()
        FROM expired e
       WHERE w."offeredAppointmentId" = e."id"
   RETURNING w."id", e."id" AS "appointmentId"
    )
    SELECT e."id", e."clinicianId", e."appointmentTypeId", e."startsAt", o."id" AS "waitlistEntryId"
      FROM expired e LEFT JOIN offers o ON o."appointmentId" = e."id"`;
}
