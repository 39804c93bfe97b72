/**
 * The queue's ordering policy for the browser: the same rules as `compareTickets` in
 * server/queue/ordering.ts (urgent first, then queue time, then ticket number), on the wire
 * shape, where times are ISO strings. That module imports Prisma, so it cannot be bundled
 * for the browser; queue-order.test.ts checks that both agree on random tickets.
 */
export interface OrderableTicket {
  priority: "NORMAL" | "URGENT";
  queuedAt: string;
  number: number;
}

export function compareTickets(a: OrderableTicket, b: OrderableTicket): number {
  if (a.priority !== b.priority) return a.priority === "URGENT" ? -1 : 1;
  return Date.parse(a.queuedAt) - Date.parse(b.queuedAt) || a.number - b.number;
}
