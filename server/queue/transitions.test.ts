import { describe, expect, it } from "vitest";
import { isAppError } from "../errors.ts";
import { compareTickets, queuedAtFor, type Orderable } from "./ordering.ts";
import { assertTransition, canTransition, TICKET_ACTIONS, type TicketAction, type TicketState } from "./transitions.ts";

const STATES: TicketState[] = ["WAITING", "CALLED", "IN_SERVICE", "DONE", "NO_SHOW", "CANCELLED", "TRANSFERRED"];

const ALLOWED: Record<TicketAction, TicketState[]> = {
  call: ["WAITING"],
  recall: ["CALLED"],
  start: ["CALLED"],
  finish: ["IN_SERVICE"],
  noShow: ["CALLED"],
  requeue: ["CALLED", "NO_SHOW"],
  cancel: ["WAITING", "CALLED"],
  transfer: ["WAITING", "CALLED", "IN_SERVICE"],
};

describe("ticket transitions", () => {
  const cases = TICKET_ACTIONS.flatMap((action) => STATES.map((from) => ({ action, from, allowed: ALLOWED[action].includes(from) })));
  it.each(cases)("$action from $from → allowed: $allowed", ({ action, from, allowed }) => {
    expect(canTransition(action, from)).toBe(allowed);
    if (allowed) {
      expect(() => assertTransition(action, from, "G-001")).not.toThrow();
    } else {
      try {
        assertTransition(action, from, "G-001");
        expect.unreachable();
      } catch (error) {
        expect(isAppError(error) && error.code).toBe("INVALID_TRANSITION");
        expect((error as Error).message).toMatch(/^Ticket G-001 is /);
      }
    }
  });

  it("terminal states have no way out but the ones listed", () => {
    for (const terminal of ["DONE", "CANCELLED", "TRANSFERRED"] as const) {
      expect(TICKET_ACTIONS.filter((a) => canTransition(a, terminal))).toEqual([]);
    }
  });
});

describe("ordering policy", () => {
  const t = (hhmm: string) => new Date(`2026-12-07T${hhmm}:00Z`);
  const ticket = (number: number, queuedAt: string, priority: Orderable["priority"] = "NORMAL"): Orderable & { number: number } => ({ number, queuedAt: t(queuedAt), priority });

  it("puts urgent first, then by queue time, then by ticket number", () => {
    const tickets = [ticket(1, "09:20"), ticket(2, "09:05"), ticket(3, "09:30", "URGENT"), ticket(4, "09:05"), ticket(5, "09:40", "URGENT")];
    expect([...tickets].sort(compareTickets).map((x) => x.number)).toEqual([3, 5, 2, 4, 1]);
  });

  it("an on-time appointment queues at its start; a late one and a walk-in at check-in", () => {
    const start = t("09:30");
    expect(queuedAtFor(t("09:10"), start, 15)).toEqual(start); // early
    expect(queuedAtFor(t("09:45"), start, 15)).toEqual(start); // at the end of the window
    expect(queuedAtFor(t("09:46"), start, 15)).toEqual(t("09:46")); // late
    expect(queuedAtFor(t("09:12"), null, 15)).toEqual(t("09:12")); // walk-in
  });

  it("a punctual 09:30 appointment goes after a 09:20 walk-in and before a 09:35 one", () => {
    const walkInEarly = ticket(1, "09:20");
    const appointment = { ...ticket(2, "09:30"), queuedAt: queuedAtFor(t("09:25"), t("09:30"), 15) };
    const walkInLate = ticket(3, "09:35");
    expect([walkInLate, appointment, walkInEarly].sort(compareTickets).map((x) => x.number)).toEqual([1, 2, 3]);
  });
});
