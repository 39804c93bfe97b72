import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { estimateWaits } from "./estimate-wait.ts";
import { TICKET_ORDER_SQL } from "./ordering.ts";
import { findTicketRow, ticketSelect } from "./ticket-view.ts";

/** What a patient's own live ticket page shows. */
export interface PatientTicketView {
  id: string;
  code: string;
  state: string;
  departmentId: string;
  departmentName: string;
  /** Where to go once called: "Room 3". */
  calledTo: string | null;
  /** 1 = next; null when not waiting. */
  position: number | null;
  estimatedWaitMinutes: number | null;
  /** Once TRANSFERRED: the patient's new ticket, so their page can follow it. */
  transferredTo: { id: string; code: string; departmentId: string; departmentName: string } | null;
}

/** A patient's own ticket; anyone else's (or an unknown id) is NOT_FOUND. Staff may look too. */
export async function getTicketForViewer(db: Db, user: SessionUser, ticketId: string): Promise<PatientTicketView> {
  const row = /^[0-9a-f-]{36}$/i.test(ticketId) ? await findTicketRow(db, ticketId) : null;
  if (!row || (user.role === "PATIENT" && row.patient.userId !== user.id)) throw new AppError("NOT_FOUND", "No such ticket.");
  const department = await db.department.findUniqueOrThrow({ where: { id: row.departmentId }, select: { name: true } });
  let position: number | null = null;
  let estimatedWaitMinutes: number | null = null;
  if (row.state === "WAITING") {
    const estimate = await db.$transaction(async (tx) => {
      const ids = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Ticket" WHERE "departmentId" = ${row.departmentId}::uuid AND "serviceDate" = ${row.serviceDate}::date
           AND "state" IN ('WAITING', 'CALLED', 'IN_SERVICE') ORDER BY ${TICKET_ORDER_SQL}`;
      const rows = await tx.ticket.findMany({ where: { id: { in: ids.map((i) => i.id) } }, select: ticketSelect });
      const byId = new Map(rows.map((r) => [r.id, r]));
      const open = ids.map((i) => byId.get(i.id)).filter((r) => r !== undefined);
      return (await estimateWaits(tx, row.departmentId, open)).get(row.id);
    });
    position = estimate?.position ?? null;
    estimatedWaitMinutes = estimate?.minutes ?? null;
  }
  const transferredTo = row.transferredToId ? await findNewTicket(db, row.transferredToId, row.patient.id) : null;
  return { id: row.id, code: row.code, state: row.state, departmentId: row.departmentId, departmentName: department.name, calledTo: row.calledTo, position, estimatedWaitMinutes, transferredTo };
}

/** The ticket a transfer opened: always the same patient's, and checked so it stays that way. */
async function findNewTicket(db: Db, ticketId: string, patientId: string): Promise<PatientTicketView["transferredTo"]> {
  const ticket = await db.ticket.findUnique({ where: { id: ticketId }, select: { id: true, code: true, departmentId: true, patientId: true, department: { select: { name: true } } } });
  if (!ticket || ticket.patientId !== patientId) return null;
  return { id: ticket.id, code: ticket.code, departmentId: ticket.departmentId, departmentName: ticket.department.name };
}
