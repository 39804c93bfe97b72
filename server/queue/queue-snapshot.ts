import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { addDays, localDateOf, startOfLocalDay } from "../booking/local-time.ts";
import { TICKET_ORDER_SQL } from "./ordering.ts";
import { estimateWaits } from "./estimate-wait.ts";
import { ticketSelect, toPublicTicketView, toTicketView, type PublicTicketView, type TicketView } from "./ticket-view.ts";
import { Prisma } from "../db/generated/client.ts";

/**
 * A consistent picture of one department's queue today and the sequence number it is valid
 * at, read in one REPEATABLE READ transaction: apply events with a higher seq on top, and
 * re-read whenever one is missing.
 */
export interface QueueSnapshot {
  departmentId: string;
  departmentName: string;
  ticketPrefix: string;
  timeZone: string;
  serviceDate: string;
  seq: number;
  waitAlertMinutes: number;
  /** Open tickets in policy order, then today's finished ones (latest first). */
  tickets: (TicketView & { position: number | null; estimatedWaitMinutes: number | null })[];
  counts: Record<string, number>;
  averageWaitMinutes: number | null;
  /** Today's booked appointments in this department that have not checked in yet. */
  notArrived: { appointmentId: string; startsAt: string; patient: { id: string; firstName: string; lastName: string }; clinicianName: string; typeName: string }[];
}

export interface PublicQueueSnapshot {
  departmentId: string;
  departmentName: string;
  ticketPrefix: string;
  seq: number;
  /** Waiting, called and in-service tickets: codes and rooms only. */
  tickets: PublicTicketView[];
}

async function departmentOf(db: Db, departmentId: string) {
  const department = /^[0-9a-f-]{36}$/i.test(departmentId)
    ? await db.department.findUnique({ where: { id: departmentId }, select: { id: true, name: true, ticketPrefix: true, waitAlertMinutes: true, location: { select: { timeZone: true } } } })
    : null;
  if (!department) throw new AppError("NOT_FOUND", "No such department.");
  return department;
}

export async function getQueueSnapshot(db: Db, departmentId: string, now = Date.now()): Promise<QueueSnapshot> {
  const department = await departmentOf(db, departmentId);
  const timeZone = department.location.timeZone;
  const serviceDate = localDateOf(now, timeZone);
  const dayStart = new Date(startOfLocalDay(serviceDate, timeZone));
  const dayEnd = new Date(startOfLocalDay(addDays(serviceDate, 1), timeZone));

  return db.$transaction(
    async (tx) => {
      const [seqRow] = await tx.$queryRaw<{ seq: bigint }[]>`SELECT "seq" FROM "QueueSequence" WHERE "departmentId" = ${departmentId}::uuid`;
      const openIds = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Ticket" WHERE "departmentId" = ${departmentId}::uuid AND "serviceDate" = ${serviceDate}::date
           AND "state" IN ('WAITING', 'CALLED', 'IN_SERVICE') ORDER BY ${TICKET_ORDER_SQL}`;
      const rows = await tx.ticket.findMany({ where: { departmentId, serviceDate: new Date(`${serviceDate}T00:00:00Z`) }, select: ticketSelect });
      const byId = new Map(rows.map((r) => [r.id, r]));
      const open = openIds.map((o) => byId.get(o.id)!).filter(Boolean);
      const closed = rows.filter((r) => !["WAITING", "CALLED", "IN_SERVICE"].includes(r.state)).sort((a, b) => b.checkedInAt.getTime() - a.checkedInAt.getTime());
      const estimates = await estimateWaits(tx, departmentId, open);
      const notArrived = await tx.appointment.findMany({
        where: { status: "BOOKED", startsAt: { gte: dayStart, lt: dayEnd }, clinician: { departmentId }, ticket: null },
        orderBy: { startsAt: "asc" },
        select: { id: true, startsAt: true, patient: { select: { id: true, firstName: true, lastName: true } }, clinician: { select: { user: { select: { displayName: true } } } }, appointmentType: { select: { name: true } } },
      });
      const counts: Record<string, number> = {};
      for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
      const waited = rows.filter((r) => r.calledAt).map((r) => (r.calledAt!.getTime() - r.checkedInAt.getTime()) / 60_000);
      return {
        departmentId,
        departmentName: department.name,
        ticketPrefix: department.ticketPrefix,
        timeZone,
        serviceDate,
        seq: Number(seqRow?.seq ?? 0),
        waitAlertMinutes: department.waitAlertMinutes,
        tickets: [
          ...open.map((r) => ({ ...toTicketView(r), position: estimates.get(r.id)?.position ?? null, estimatedWaitMinutes: estimates.get(r.id)?.minutes ?? null })),
          ...closed.map((r) => ({ ...toTicketView(r), position: null, estimatedWaitMinutes: null })),
        ],
        counts,
        averageWaitMinutes: waited.length ? Math.round(waited.reduce((a, b) => a + b, 0) / waited.length) : null,
        notArrived: notArrived.map((a) => ({ appointmentId: a.id, startsAt: a.startsAt.toISOString(), patient: a.patient, clinicianName: a.clinician.user.displayName, typeName: a.appointmentType.name })),
      };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
}

export async function getPublicQueueSnapshot(db: Db, departmentId: string, now = Date.now()): Promise<PublicQueueSnapshot> {
  const department = await departmentOf(db, departmentId);
  const serviceDate = localDateOf(now, department.location.timeZone);
  return db.$transaction(
    async (tx) => {
      const [seqRow] = await tx.$queryRaw<{ seq: bigint }[]>`SELECT "seq" FROM "QueueSequence" WHERE "departmentId" = ${departmentId}::uuid`;
      const rows = await tx.$queryRaw<{ id: string; code: string; state: string; calledTo: string | null; calledAt: Date | null; callCount: number }[]>`
        SELECT "id", "code", "state"::text, "calledTo", "calledAt", "callCount" FROM "Ticket"
         WHERE "departmentId" = ${departmentId}::uuid AND "serviceDate" = ${serviceDate}::date AND "state" IN ('WAITING', 'CALLED', 'IN_SERVICE')
         ORDER BY ${TICKET_ORDER_SQL}`;
      return { departmentId, departmentName: department.name, ticketPrefix: department.ticketPrefix, seq: Number(seqRow?.seq ?? 0), tickets: rows.map(toPublicTicketView) };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
}
