import { Prisma } from "../db/generated/client.ts";

/**
 * The ordering policy of every department queue, in one place:
 *
 *   1. Urgent tickets first.
 *   2. Then by `queuedAt`: for a patient with an appointment who arrived on time (by the end
 *      of the check-in window) that is the appointment's start; for walk-ins and late
 *      arrivals it is the moment they checked in. So a punctual 09:30 appointment goes before
 *      a walk-in who arrived at 09:35, and after one who arrived at 09:20.
 *   3. Ties by ticket number (who checked in first).
 *
 * "Call next" takes the first WAITING ticket in this order, under a per-department lock, so
 * desks calling at the same moment never skip anyone or call anyone twice.
 */
export interface Orderable {
  priority: "NORMAL" | "URGENT";
  queuedAt: Date;
  number: number;
}

export function compareTickets(a: Orderable, b: Orderable): number {
  if (a.priority !== b.priority) return a.priority === "URGENT" ? -1 : 1;
  return a.queuedAt.getTime() - b.queuedAt.getTime() || a.number - b.number;
}

/** The same order for SQL: `ORDER BY` over the Ticket table. */
export const TICKET_ORDER_SQL = Prisma.sql`("priority" = 'URGENT') DESC, "queuedAt" ASC, "number" ASC`;

const MINUTE = 60_000;

/** Where a new ticket sorts: its appointment's start if the patient is on time, else now. */
export function queuedAtFor(checkedInAt: Date, appointmentStartsAt: Date | null, checkInClosesMinutes: number): Date {
  if (appointmentStartsAt && checkedInAt.getTime() <= appointmentStartsAt.getTime() + checkInClosesMinutes * MINUTE) {
    return appointmentStartsAt;
  }
  return checkedInAt;
}
