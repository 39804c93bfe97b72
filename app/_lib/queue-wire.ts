import { z } from "zod";
import type { QueueChangedEvent, QueuePublicChangedEvent } from "@/server/gateway/contract";
import type { PatientTicketView } from "@/server/queue/patient-ticket";
import type { PublicQueueSnapshot, QueueSnapshot } from "@/server/queue/queue-snapshot";

/**
 * The reception queue's answers and events as the pages read them (server/queue/*,
 * server/gateway/contract.ts). Socket payloads are checked like HTTP answers: a payload that
 * does not fit is dropped, and the sequence numbers make the page re-read what it missed.
 * `state` and `kind` stay plain strings, so a state the server adds later is shown, not refused.
 */

export const ticketViewSchema = z.object({
  id: z.string(),
  code: z.string(),
  number: z.number(),
  state: z.string(),
  priority: z.enum(["NORMAL", "URGENT"]),
  reason: z.string().nullable(),
  departmentId: z.string(),
  serviceDate: z.string(),
  queuedAt: z.string(),
  checkedInAt: z.string(),
  calledAt: z.string().nullable(),
  calledTo: z.string().nullable(),
  callCount: z.number(),
  serviceStartedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  transferredToId: z.string().nullable(),
  patient: z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), medicalRecordNumber: z.string() }),
  appointment: z.object({ id: z.string(), startsAt: z.string(), typeName: z.string(), clinicianName: z.string(), room: z.string() }).nullable(),
});
export type TicketView = z.infer<typeof ticketViewSchema>;

export const boardTicketSchema = ticketViewSchema.extend({ position: z.number().nullable(), estimatedWaitMinutes: z.number().nullable() });
export type BoardTicket = z.infer<typeof boardTicketSchema>;

export const queueSnapshotSchema = z.object({
  departmentId: z.string(),
  departmentName: z.string(),
  ticketPrefix: z.string(),
  timeZone: z.string(),
  serviceDate: z.string(),
  seq: z.number(),
  waitAlertMinutes: z.number(),
  tickets: z.array(boardTicketSchema),
  counts: z.record(z.string(), z.number()),
  averageWaitMinutes: z.number().nullable(),
  notArrived: z.array(
    z.object({
      appointmentId: z.string(),
      startsAt: z.string(),
      patient: z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }),
      clinicianName: z.string(),
      typeName: z.string(),
    }),
  ),
});
export type BoardSnapshot = z.infer<typeof queueSnapshotSchema>;
export type NotArrived = BoardSnapshot["notArrived"][number];

export const publicTicketSchema = z.object({
  id: z.string(),
  code: z.string(),
  state: z.string(),
  calledTo: z.string().nullable(),
  calledAt: z.string().nullable(),
  callCount: z.number(),
});
export type PublicTicket = z.infer<typeof publicTicketSchema>;

export const publicQueueSnapshotSchema = z.object({
  departmentId: z.string(),
  departmentName: z.string(),
  ticketPrefix: z.string(),
  seq: z.number(),
  tickets: z.array(publicTicketSchema),
});
export type PublicSnapshot = z.infer<typeof publicQueueSnapshotSchema>;

export const queueChangedSchema = z.object({ departmentId: z.string(), seq: z.number(), kind: z.string(), ticket: ticketViewSchema });
export type BoardEvent = z.infer<typeof queueChangedSchema>;

export const queuePublicChangedSchema = z.object({ departmentId: z.string(), seq: z.number(), kind: z.string(), ticket: publicTicketSchema });
export type PublicEvent = z.infer<typeof queuePublicChangedSchema>;

export const displayBoardSchema = z.object({ locationName: z.string(), departments: z.array(publicQueueSnapshotSchema) });
export type DisplayBoardData = z.infer<typeof displayBoardSchema>;

export const patientTicketSchema = z.object({
  id: z.string(),
  code: z.string(),
  state: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  calledTo: z.string().nullable(),
  position: z.number().nullable(),
  estimatedWaitMinutes: z.number().nullable(),
  transferredTo: z.object({ id: z.string(), code: z.string(), departmentId: z.string(), departmentName: z.string() }).nullable(),
});
export type PatientTicket = z.infer<typeof patientTicketSchema>;

/** POST /api/queue/check-ins, call-next, /api/tickets/[id]/call and /transition answer `{ ticket }`. */
export const oneTicketSchema = z.object({ ticket: ticketViewSchema });
/** GET /api/tickets/[id]. */
export const onePatientTicketSchema = z.object({ ticket: patientTicketSchema });
/** POST /api/appointments/[id]/check-in. */
export const selfCheckInSchema = z.object({ ticketId: z.string(), code: z.string() });

// Compile-time guard: everything the server sends fits these schemas. If a server type
// changes shape, this stops type-checking until the schema follows.
type Fits<Sent, Read> = [Sent] extends [Read] ? true : false;
const _schemasFitTheServer: [
  Fits<QueueSnapshot, BoardSnapshot>,
  Fits<PublicQueueSnapshot, PublicSnapshot>,
  Fits<QueueChangedEvent, BoardEvent>,
  Fits<QueuePublicChangedEvent, PublicEvent>,
  Fits<PatientTicketView, PatientTicket>,
] = [true, true, true, true, true];

export const OPEN_TICKET_STATES: readonly string[] = ["WAITING", "CALLED", "IN_SERVICE"];

export function isOpenTicket(ticket: { state: string }): boolean {
  return OPEN_TICKET_STATES.includes(ticket.state);
}

export const TICKET_STATE_LABELS: Record<string, string> = {
  WAITING: "Waiting",
  CALLED: "Called",
  IN_SERVICE: "In service",
  DONE: "Done",
  NO_SHOW: "No-show",
  CANCELLED: "Cancelled",
  TRANSFERRED: "Transferred",
};

export function ticketStateLabel(state: string): string {
  return TICKET_STATE_LABELS[state] ?? state.toLowerCase().replaceAll("_", " ");
}
