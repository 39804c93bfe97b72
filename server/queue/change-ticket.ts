import { z } from "zod";
import { AppError, isUniqueViolation, validationError } from "../errors.ts";
import { isStaff, type SessionUser } from "../roles.ts";
import { createTicketInTx } from "./transfer-ticket.ts";
import { changeQueue, type QueueChange, type QueueDeps } from "./queue-change.ts";
import { assertTransition, type TicketState } from "./transitions.ts";
import { loadTicket, toTicketView, type TicketView } from "./ticket-view.ts";

export const changeTicketSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("recall") }),
  z.object({ action: z.literal("start") }),
  z.object({ action: z.literal("finish") }),
  z.object({ action: z.literal("noShow") }),
  z.object({ action: z.literal("requeue") }),
  z.object({ action: z.literal("cancel") }),
  z.object({ action: z.literal("transfer"), departmentId: z.uuid("must be an id"), reason: z.string().trim().max(200, "must be at most 200 characters").optional() }),
], "must be one of recall, start, finish, noShow, requeue, cancel, transfer");

const KIND = { recall: "recalled", start: "started", finish: "finished", noShow: "no-show", requeue: "requeued", cancel: "cancelled", transfer: "transferred" } as const;

/**
 * Moves a ticket along its life (transitions.ts says which moves are allowed from where).
 * The state is re-read under the queue lock, so two desks acting on one ticket cannot both
 * succeed with stale information.
 */
export async function changeTicket(deps: QueueDeps, user: SessionUser, ticketId: string, input: unknown, now = Date.now()): Promise<TicketView> {
  if (!isStaff(user.role)) throw new AppError("FORBIDDEN", "Only staff change the queue.");
  const parsed = changeTicketSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const command = parsed.data;
  const ticket = await loadTicket(deps.db, ticketId);
  const departments = [ticket.departmentId, ...(command.action === "transfer" ? [command.departmentId] : [])];
  if (command.action === "transfer" && command.departmentId === ticket.departmentId) {
    throw new AppError("VALIDATION_FAILED", "Transfer to another department.", [{ field: "departmentId", problem: "is the ticket's own department" }]);
  }

  await changeQueue(deps, departments, async (tx) => {
    const current = await tx.ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { state: true, code: true, patientId: true, priority: true } });
    assertTransition(command.action, current.state as TicketState, current.code);
    const at = new Date(now);
    const changes: QueueChange[] = [{ departmentId: ticket.departmentId, ticketId: ticket.id, kind: KIND[command.action] }];
    switch (command.action) {
      case "recall":
        await tx.ticket.update({ where: { id: ticket.id }, data: { calledAt: at, callCount: { increment: 1 } } });
        break;
      case "start":
        await tx.ticket.update({ where: { id: ticket.id }, data: { state: "IN_SERVICE", serviceStartedAt: at } });
        break;
      case "finish":
        await tx.ticket.update({ where: { id: ticket.id }, data: { state: "DONE", finishedAt: at } });
        break;
      case "noShow":
        await tx.ticket.update({ where: { id: ticket.id }, data: { state: "NO_SHOW", finishedAt: at } });
        break;
      case "requeue":
        // Back in line where they were: the queue time is kept.
        await tx.ticket.update({ where: { id: ticket.id }, data: { state: "WAITING", finishedAt: null, callCount: 0 } });
        break;
      case "cancel":
        await tx.ticket.update({ where: { id: ticket.id }, data: { state: "CANCELLED", finishedAt: at } });
        break;
      case "transfer": {
        const newId = await createTicketInTx(tx, { departmentId: command.departmentId, patientId: current.patientId, priority: current.priority, reason: command.reason ?? null, checkedInById: user.id }, now);
        await tx.ticket.update({ where: { id: ticket.id }, data: { state: "TRANSFERRED", finishedAt: at, transferredToId: newId } });
        changes.push({ departmentId: command.departmentId, ticketId: newId, kind: "checked-in" });
        break;
      }
    }
    return changes;
  }).catch((error: unknown) => {
    // A transfer into a queue the patient is already waiting in (one open ticket per patient and department).
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "This patient is already in that department's queue today.");
    throw error;
  });
  return toTicketView(await loadTicket(deps.db, ticket.id));
}
