import { z } from "zod";
import { AppError, validationError } from "../errors.ts";
import { isStaff, type SessionUser } from "../roles.ts";
import { localDateOf } from "../booking/local-time.ts";
import { TICKET_ORDER_SQL } from "./ordering.ts";
import { changeQueue, type QueueDeps } from "./queue-change.ts";
import { assertTransition, type TicketState } from "./transitions.ts";
import { loadTicket, toTicketView, type TicketView } from "./ticket-view.ts";

export const callSchema = z.object({
  /** Where to: "Room 3", "Desk 1". Shown on the display. */
  calledTo: z.string().trim().min(1, "is required").max(40, "must be at most 40 characters"),
});

/**
 * Calls the next patient of a department to a room or desk: the first WAITING ticket in
 * policy order, taken under the department's queue lock. Two desks calling at once get two
 * different patients, in order; with nobody waiting the caller gets QUEUE_EMPTY.
 */
export async function callNext(deps: QueueDeps, user: SessionUser, departmentId: string, input: unknown, now = Date.now()): Promise<TicketView> {
  if (!isStaff(user.role)) throw new AppError("FORBIDDEN", "Only staff call patients.");
  const parsed = callSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const department = /^[0-9a-f-]{36}$/i.test(departmentId)
    ? await deps.db.department.findUnique({ where: { id: departmentId }, select: { id: true, location: { select: { timeZone: true } } } })
    : null;
  if (!department) throw new AppError("NOT_FOUND", "No such department.");
  const serviceDate = localDateOf(now, department.location.timeZone);

  const [change] = await changeQueue(deps, [department.id], async (tx) => {
    const [next] = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Ticket"
       WHERE "departmentId" = ${department.id}::uuid AND "serviceDate" = ${serviceDate}::date AND "state" = 'WAITING'
       ORDER BY ${TICKET_ORDER_SQL} LIMIT 1`;
    if (!next) throw new AppError("QUEUE_EMPTY", "Nobody is waiting in this queue.");
    await tx.ticket.update({ where: { id: next.id }, data: { state: "CALLED", calledAt: new Date(now), calledTo: parsed.data.calledTo, callCount: { increment: 1 } } });
    return [{ departmentId: department.id, ticketId: next.id, kind: "called" as const }];
  });
  return toTicketView(await loadTicket(deps.db, change!.ticketId));
}

/** Calls one particular waiting patient (out of order, on purpose). */
export async function callTicket(deps: QueueDeps, user: SessionUser, ticketId: string, input: unknown, now = Date.now()): Promise<TicketView> {
  if (!isStaff(user.role)) throw new AppError("FORBIDDEN", "Only staff call patients.");
  const parsed = callSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const ticket = await loadTicket(deps.db, ticketId);
  await changeQueue(deps, [ticket.departmentId], async (tx) => {
    const current = await tx.ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { state: true, code: true } });
    assertTransition("call", current.state as TicketState, current.code);
    await tx.ticket.update({ where: { id: ticket.id }, data: { state: "CALLED", calledAt: new Date(now), calledTo: parsed.data.calledTo, callCount: { increment: 1 } } });
    return [{ departmentId: ticket.departmentId, ticketId: ticket.id, kind: "called" as const }];
  });
  return toTicketView(await loadTicket(deps.db, ticket.id));
}
