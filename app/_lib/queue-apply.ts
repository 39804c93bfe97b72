import { compareTickets } from "./queue-order";
import { isOpenTicket, type BoardEvent, type BoardSnapshot, type BoardTicket, type PublicEvent, type PublicSnapshot } from "./queue-wire";

/**
 * Applying one queue event to the snapshot a page shows, without asking the server: the board
 * (names, every ticket of the day) and the public stream (codes and rooms of open tickets).
 * Each returns null when the event cannot be placed correctly from what the page knows; the
 * stream then re-reads the snapshot (sequenced-stream.ts).
 */

/** Without a waiting ticket to learn from: the server's default (server/queue/estimate-wait.ts). */
const DEFAULT_SERVICE_MINUTES = 10;

export interface BoardState extends BoardSnapshot {
  /**
   * The department's average service time, recovered from the snapshot's estimates
   * (minutes = position × average ÷ rooms at work, as server/queue/estimate-wait.ts computes
   * them), so estimates stay right as tickets move between snapshots.
   */
  serviceMinutes: number;
}

function roomsAtWork(tickets: BoardTicket[]): number {
  return Math.max(1, new Set(tickets.filter((t) => isOpenTicket(t) && t.state !== "WAITING" && t.calledTo).map((t) => t.calledTo)).size);
}

export function boardStateFrom(snapshot: BoardSnapshot): BoardState {
  const last = snapshot.tickets.filter((t) => t.state === "WAITING" && t.position && t.estimatedWaitMinutes !== null).at(-1);
  const serviceMinutes = last ? ((last.estimatedWaitMinutes ?? 0) * roomsAtWork(snapshot.tickets)) / (last.position ?? 1) : DEFAULT_SERVICE_MINUTES;
  return { ...snapshot, serviceMinutes };
}

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/** The snapshot's derived parts (order, positions, estimates, counts, average wait) recomputed from its tickets. */
function withTickets(state: BoardState, tickets: BoardTicket[]): BoardState {
  const open = tickets.filter(isOpenTicket).sort(compareTickets);
  const closed = tickets.filter((t) => !isOpenTicket(t)).sort((a, b) => Date.parse(b.checkedInAt) - Date.parse(a.checkedInAt));
  const rooms = roomsAtWork(open);
  let ahead = 0;
  const ordered = [
    ...open.map((t) => {
      if (t.state !== "WAITING") return { ...t, position: null, estimatedWaitMinutes: null };
      ahead += 1;
      return { ...t, position: ahead, estimatedWaitMinutes: Math.round((ahead * state.serviceMinutes) / rooms) };
    }),
    ...closed.map((t) => ({ ...t, position: null, estimatedWaitMinutes: null })),
  ];
  const counts: Record<string, number> = {};
  for (const t of ordered) counts[t.state] = (counts[t.state] ?? 0) + 1;
  const waits = ordered.filter((t) => t.calledAt).map((t) => minutesBetween(t.checkedInAt, t.calledAt ?? t.checkedInAt));
  return {
    ...state,
    tickets: ordered,
    counts,
    averageWaitMinutes: waits.length ? Math.round(waits.reduce((a, b) => a + b, 0) / waits.length) : null,
  };
}

export function applyBoardEvent(state: BoardState, event: BoardEvent): BoardState | null {
  const { ticket } = event;
  // A ticket of another day (the page stayed open past midnight): only a new snapshot is right.
  if (ticket.departmentId !== state.departmentId || ticket.serviceDate !== state.serviceDate) return null;
  const others = state.tickets.filter((t) => t.id !== ticket.id);
  const next = withTickets({ ...state, seq: event.seq }, [...others, { ...ticket, position: null, estimatedWaitMinutes: null }]);
  const appointmentId = ticket.appointment?.id;
  return appointmentId ? { ...next, notArrived: next.notArrived.filter((a) => a.appointmentId !== appointmentId) } : next;
}

/**
 * Public tickets carry no priority or queue time, so a ticket that (re)joins the waiting line
 * cannot be placed in it: those events ask for a snapshot. Everything else (called, started,
 * finished, cancelled…) only changes or removes a ticket where it is.
 */
export function applyPublicEvent(snapshot: PublicSnapshot, event: PublicEvent): PublicSnapshot | null {
  const { ticket } = event;
  const index = snapshot.tickets.findIndex((t) => t.id === ticket.id);
  const known = index >= 0 ? snapshot.tickets[index] : undefined;
  let tickets: PublicSnapshot["tickets"];
  if (!isOpenTicket(ticket)) {
    tickets = snapshot.tickets.filter((t) => t.id !== ticket.id);
  } else if (ticket.state === "WAITING" && known?.state !== "WAITING") {
    return null;
  } else if (known) {
    tickets = snapshot.tickets.map((t) => (t.id === ticket.id ? ticket : t));
  } else {
    tickets = [...snapshot.tickets, ticket];
  }
  return { ...snapshot, seq: event.seq, tickets };
}
