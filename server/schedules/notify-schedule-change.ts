import { notifyAvailabilityChanges } from "../booking/live.ts";
import { addDays, localDateOf } from "../booking/local-time.ts";
import type { Prisma } from "../db/generated/client.ts";
import type { Realtime } from "../gateway/realtime.ts";

/**
 * Pages can watch any day up to the booking horizon (60 days by default; staff further):
 * notices cover the next 90 local days. Schedule changes are rare, so the fan-out is cheap.
 */
export const SCHEDULE_NOTICE_DAYS = 90;

export interface ClinicianToNotify {
  id: string;
  departmentId: string;
  timeZone: string;
}

/**
 * The clinicians a change touches (one, a department's or a location's), read inside the
 * change's transaction so the notice matches what was committed.
 */
export async function findCliniciansToNotify(tx: Prisma.TransactionClient, where: Prisma.ClinicianWhereInput): Promise<ClinicianToNotify[]> {
  const rows = await tx.clinician.findMany({
    where,
    select: { id: true, departmentId: true, department: { select: { location: { select: { timeZone: true } } } } },
  });
  return rows.map((r) => ({ id: r.id, departmentId: r.departmentId, timeZone: r.department.location.timeZone }));
}

/**
 * After a committed change that can alter free slots (availability, time off, buffer, an
 * appointment type's duration or archiving, the booking policy): `availability:changed`
 * with reason "schedule" for each clinician's next SCHEDULE_NOTICE_DAYS local days.
 */
export function notifyScheduleChange(realtime: Realtime, clinicians: ClinicianToNotify[], now = Date.now()): void {
  notifyAvailabilityChanges(
    realtime,
    clinicians.flatMap((c) => {
      const today = localDateOf(now, c.timeZone);
      return Array.from({ length: SCHEDULE_NOTICE_DAYS }, (_, i) => ({
        clinicianId: c.id,
        departmentId: c.departmentId,
        date: addDays(today, i),
        reason: "schedule" as const,
      }));
    }),
  );
}
