import type { DbOrTx } from "../db/client.ts";
import { AppError } from "../errors.ts";

export const ticketSelect = {
  id: true,
  code: true,
  number: true,
  state: true,
  priority: true,
  reason: true,
  departmentId: true,
  serviceDate: true,
  queuedAt: true,
  checkedInAt: true,
  calledAt: true,
  calledTo: true,
  callCount: true,
  serviceStartedAt: true,
  finishedAt: true,
  transferredToId: true,
  patient: { select: { id: true, firstName: true, lastName: true, medicalRecordNumber: true, userId: true } },
  appointment: { select: { id: true, startsAt: true, appointmentType: { select: { name: true } }, clinician: { select: { room: true, user: { select: { displayName: true } } } } } },
} as const;

export type TicketRow = NonNullable<Awaited<ReturnType<typeof findTicketRow>>>;
export function findTicketRow(db: DbOrTx, id: string) {
  return db.ticket.findUnique({ where: { id }, select: ticketSelect });
}

/** What staff see of a ticket. */
export interface TicketView {
  id: string;
  code: string;
  number: number;
  state: string;
  priority: "NORMAL" | "URGENT";
  reason: string | null;
  departmentId: string;
  serviceDate: string;
  queuedAt: string;
  checkedInAt: string;
  calledAt: string | null;
  calledTo: string | null;
  callCount: number;
  serviceStartedAt: string | null;
  finishedAt: string | null;
  transferredToId: string | null;
  patient: { id: string; firstName: string; lastName: string; medicalRecordNumber: string };
  appointment: { id: string; startsAt: string; typeName: string; clinicianName: string; room: string } | null;
}

/** What the waiting-room display (and everyone else) may see: no names, nothing personal. */
export interface PublicTicketView {
  id: string;
  code: string;
  state: string;
  calledTo: string | null;
  calledAt: string | null;
  callCount: number;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toTicketView(row: TicketRow): TicketView {
  return {
    id: row.id,
    code: row.code,
    number: row.number,
    state: row.state,
    priority: row.priority,
    reason: row.reason,
    departmentId: row.departmentId,
    serviceDate: row.serviceDate.toISOString().slice(0, 10),
    queuedAt: row.queuedAt.toISOString(),
    checkedInAt: row.checkedInAt.toISOString(),
    calledAt: iso(row.calledAt),
    calledTo: row.calledTo,
    callCount: row.callCount,
    serviceStartedAt: iso(row.serviceStartedAt),
    finishedAt: iso(row.finishedAt),
    transferredToId: row.transferredToId,
    patient: { id: row.patient.id, firstName: row.patient.firstName, lastName: row.patient.lastName, medicalRecordNumber: row.patient.medicalRecordNumber },
    appointment: row.appointment
      ? { id: row.appointment.id, startsAt: row.appointment.startsAt.toISOString(), typeName: row.appointment.appointmentType.name, clinicianName: row.appointment.clinician.user.displayName, room: row.appointment.clinician.room }
      : null,
  };
}

export function toPublicTicketView(row: { id: string; code: string; state: string; calledTo: string | null; calledAt: Date | null; callCount: number }): PublicTicketView {
  return { id: row.id, code: row.code, state: row.state, calledTo: row.calledTo, calledAt: iso(row.calledAt), callCount: row.callCount };
}

export async function loadTicket(db: DbOrTx, id: string): Promise<TicketRow> {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await findTicketRow(db, id) : null;
  if (!row) throw new AppError("NOT_FOUND", "No such ticket.");
  return row;
}
