import type { Server, Socket } from "socket.io";
import type { ErrorCode } from "../errors.ts";
import type { PublicQueueSnapshot, QueueSnapshot } from "../queue/queue-snapshot.ts";
import type { PublicTicketView, TicketView } from "../queue/ticket-view.ts";
import type { SessionUser } from "../roles.ts";

/**
 * The Socket.IO contract shared by the server and the browser. Event names are
 * `domain:verb`; every ack is `{ data }` or `{ error: { code, message, details? } }`.
 * Listed with payloads and who may call them in docs/api.md.
 */
export type AckResponse<T> = { data: T } | { error: { code: ErrorCode; message: string; details?: unknown } };
export type Ack<T> = (response: AckResponse<T>) => void;

export interface RoomPayload {
  room: string;
}

export interface AnnouncementView {
  id: string;
  body: string;
  createdAt: string;
  author: { id: string; displayName: string };
}

/** Something changed what is free on one clinician's local day; watchers re-read the slots. */
export interface AvailabilityChange {
  clinicianId: string;
  departmentId: string;
  /** The local date (location time zone), YYYY-MM-DD. */
  date: string;
  reason: "booked" | "held" | "released" | "cancelled" | "rescheduled" | "status" | "schedule";
}

export interface WaitlistOfferView {
  entryId: string;
  appointmentId: string;
  startsAt: string;
  endsAt: string;
  expiresAt: string;
  clinicianName: string;
  appointmentTypeName: string;
}

export interface WatchPayload {
  /** Watch these clinicians' days… */
  clinicianIds?: string[];
  /** …and/or these departments' days ("any clinician"). */
  departmentIds?: string[];
  /** Local dates, YYYY-MM-DD, at most 31. */
  dates: string[];
}

export type QueueChangeKind = "checked-in" | "called" | "recalled" | "started" | "finished" | "no-show" | "requeued" | "cancelled" | "transferred";

/** Pushed to staff boards: the changed ticket with names. `seq` increases by one per change. */
export interface QueueChangedEvent {
  departmentId: string;
  seq: number;
  kind: QueueChangeKind;
  ticket: TicketView;
}

/** Pushed to displays and patients' pages: no names, nothing personal. Same `seq` numbering. */
export interface QueuePublicChangedEvent {
  departmentId: string;
  seq: number;
  kind: QueueChangeKind;
  ticket: PublicTicketView;
}

export interface ClientToServerEvents {
  "session:whoami": (payload: Record<string, never>, ack: Ack<SessionUser>) => void;
  "room:join": (payload: RoomPayload, ack: Ack<{ room: string }>) => void;
  "room:leave": (payload: RoomPayload, ack: Ack<{ room: string }>) => void;
  /** Start receiving availability:changed for these days; replaces what this socket watched before. */
  "availability:watch": (payload: WatchPayload, ack: Ack<{ rooms: string[] }>) => void;
  /** Staff: follow a department's board; the ack carries a fresh snapshot (with its seq). */
  "queue:watch": (payload: { departmentId: string }, ack: Ack<QueueSnapshot>) => void;
  /** Anyone signed in: follow a department's public stream (no names); ack is a public snapshot. */
  "queue:watch-public": (payload: { departmentId: string }, ack: Ack<PublicQueueSnapshot>) => void;
}

export interface ServerToClientEvents {
  "announcement:new": (announcement: AnnouncementView) => void;
  "availability:changed": (change: AvailabilityChange) => void;
  /** A waitlisted slot is held for this patient until expiresAt. */
  "waitlist:offer": (offer: WaitlistOfferView) => void;
  "queue:changed": (event: QueueChangedEvent) => void;
  "queue:public-changed": (event: QueuePublicChangedEvent) => void;
  /** This instance is shutting down; the client reconnects (to another instance behind the load balancer). */
  "server:draining": (info: { reconnectAfterMs: number }) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  user: SessionUser;
  /** Day rooms joined through availability:watch. */
  watching?: string[];
}

export type ClinicflowIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ClinicflowSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const CLIENT_EVENTS = ["session:whoami", "room:join", "room:leave", "availability:watch", "queue:watch", "queue:watch-public"] as const satisfies readonly (keyof ClientToServerEvents)[];
export const SERVER_EVENTS = ["announcement:new", "availability:changed", "waitlist:offer", "queue:changed", "queue:public-changed", "server:draining"] as const satisfies readonly (keyof ServerToClientEvents)[];

/** Error codes a refused handshake carries in `err.data.code` on the client. */
export const HANDSHAKE_ERRORS = ["UNAUTHENTICATED", "UNAVAILABLE"] as const;
