import type { Prisma } from "../db/generated/client.ts";
import { affectedBy, findBookedAppointmentsDuring } from "./affected-appointments.ts";
import type { AffectedAppointmentView, TimeOffView } from "./time-off-schemas.ts";

export const timeOffSelect = { id: true, clinicianId: true, startsAt: true, endsAt: true, reason: true } as const;

type TimeOffRow = Prisma.TimeOffGetPayload<{ select: typeof timeOffSelect }>;

export function toTimeOffView(row: TimeOffRow, affectedAppointments: AffectedAppointmentView[]): TimeOffView {
  return { id: row.id, clinicianId: row.clinicianId, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString(), reason: row.reason, affectedAppointments };
}

/** Time off of these clinicians overlapping [from, to), earliest first, each with the BOOKED appointments inside it. */
export async function findTimeOffWithAffected(db: Prisma.TransactionClient, clinicianIds: string[], from: Date, to: Date): Promise<TimeOffView[]> {
  const rows = await db.timeOff.findMany({
    where: { clinicianId: { in: clinicianIds }, startsAt: { lt: to }, endsAt: { gt: from } },
    select: timeOffSelect,
    orderBy: [{ startsAt: "asc" }, { endsAt: "asc" }],
  });
  if (rows.length === 0) return [];
  const earliest = new Date(Math.min(...rows.map((r) => r.startsAt.getTime())));
  const latest = new Date(Math.max(...rows.map((r) => r.endsAt.getTime())));
  const booked = await findBookedAppointmentsDuring(db, [...new Set(rows.map((r) => r.clinicianId))], earliest, latest);
  return rows.map((row) => toTimeOffView(row, affectedBy(row, booked)));
}
