import { AppError } from "../errors.ts";

export type TicketState = "WAITING" | "CALLED" | "IN_SERVICE" | "DONE" | "NO_SHOW" | "CANCELLED" | "TRANSFERRED";

/**
 * Every move a ticket may make. Anything else (done → waiting, cancelled → called…) is
 * refused with INVALID_TRANSITION and changes nothing.
 */
export const TRANSITIONS = {
  call: { from: ["WAITING"], to: "CALLED" },
  recall: { from: ["CALLED"], to: "CALLED" },
  start: { from: ["CALLED"], to: "IN_SERVICE" },
  finish: { from: ["IN_SERVICE"], to: "DONE" },
  noShow: { from: ["CALLED"], to: "NO_SHOW" },
  requeue: { from: ["CALLED", "NO_SHOW"], to: "WAITING" },
  cancel: { from: ["WAITING", "CALLED"], to: "CANCELLED" },
  transfer: { from: ["WAITING", "CALLED", "IN_SERVICE"], to: "TRANSFERRED" },
} as const satisfies Record<string, { from: readonly TicketState[]; to: TicketState }>;

export type TicketAction = keyof typeof TRANSITIONS;

export const TICKET_ACTIONS = Object.keys(TRANSITIONS) as TicketAction[];

export const OPEN_STATES: readonly TicketState[] = ["WAITING", "CALLED", "IN_SERVICE"];

export function canTransition(action: TicketAction, from: TicketState): boolean {
  return (TRANSITIONS[action].from as readonly TicketState[]).includes(from);
}

const VERBS: Record<TicketAction, string> = {
  call: "called",
  recall: "called again",
  start: "started",
  finish: "finished",
  noShow: "marked no-show",
  requeue: "put back in the queue",
  cancel: "cancelled",
  transfer: "transferred",
};

export function assertTransition(action: TicketAction, from: TicketState, code: string): void {
  if (!canTransition(action, from)) {
    throw new AppError("INVALID_TRANSITION", `Ticket ${code} is ${from.toLowerCase().replace("_", " ")} and cannot be ${VERBS[action]}.`, { state: from, action });
  }
}
