import type { Prisma } from "../db/generated/client.ts";
import type { TicketRow } from "./ticket-view.ts";

/** Without history, assume this long per patient. */
export const DEFAULT_SERVICE_MINUTES = 10;
const RECENT = 20;

/**
 * Estimated wait for each WAITING ticket: its place in line times the department's
 * recent average service time (the last 20 finished tickets), divided by how many rooms are
 * serving right now (at least one). Called and in-service tickets have no wait.
 */
export async function estimateWaits(tx: Prisma.TransactionClient, departmentId: string, openInOrder: TicketRow[]): Promise<Map<string, { position: number; minutes: number }>> {
  const recent = await tx.ticket.findMany({
    where: { departmentId, state: "DONE", serviceStartedAt: { not: null }, finishedAt: { not: null } },
    orderBy: { finishedAt: "desc" },
    take: RECENT,
    select: { serviceStartedAt: true, finishedAt: true },
  });
  const average = recent.length
    ? recent.reduce((sum, r) => sum + (r.finishedAt!.getTime() - r.serviceStartedAt!.getTime()), 0) / recent.length / 60_000
    : DEFAULT_SERVICE_MINUTES;
  const rooms = Math.max(1, new Set(openInOrder.filter((t) => t.state !== "WAITING" && t.calledTo).map((t) => t.calledTo)).size);
  const result = new Map<string, { position: number; minutes: number }>();
  let ahead = 0;
  for (const ticket of openInOrder) {
    if (ticket.state !== "WAITING") continue;
    ahead += 1;
    // The n-th in line waits, on average, for n services spread over the rooms at work.
    result.set(ticket.id, { position: ahead, minutes: Math.round((ahead * average) / rooms) });
  }
  return result;
}
