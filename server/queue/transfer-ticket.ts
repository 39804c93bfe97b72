import type { Prisma } from "../db/generated/client.ts";
import { AppError } from "../errors.ts";
import { localDateOf } from "../booking/local-time.ts";
import { nextTicketNumber, ticketCode } from "./check-in.ts";

type Tx = Prisma.TransactionClient;

/**
 * A new ticket, inside a queue transaction that already holds the department's lock: used
 * when a patient is transferred to another department. They join its queue at the moment of
 * the transfer, with the same priority.
 */
export async function createTicketInTx(
  tx: Tx,
  ticket: { departmentId: string; patientId: string; priority: "NORMAL" | "URGENT"; reason: string | null; checkedInById: string | null },
  now: number,
): Promise<string> {
  const department = await tx.department.findUnique({ where: { id: ticket.departmentId }, select: { ticketPrefix: true, location: { select: { timeZone: true } } } });
  if (!department) throw new AppError("VALIDATION_FAILED", "No such department.", [{ field: "departmentId", problem: "does not exist" }]);
  const serviceDate = localDateOf(now, department.location.timeZone);
  const number = await nextTicketNumber(tx, ticket.departmentId, serviceDate);
  const at = new Date(now);
  const created = await tx.ticket.create({
    data: {
      departmentId: ticket.departmentId,
      patientId: ticket.patientId,
      serviceDate: new Date(`${serviceDate}T00:00:00Z`),
      number,
      code: ticketCode(department.ticketPrefix, number),
      priority: ticket.priority,
      reason: ticket.reason,
      checkedInAt: at,
      queuedAt: at,
      checkedInById: ticket.checkedInById,
    },
    select: { id: true },
  });
  return created.id;
}
