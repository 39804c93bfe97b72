import type { Server, Socket } from "socket.io";
import type { ErrorCode } from "../errors.ts";
import type { PublicQueueSnapshot, QueueSnapshot } from "../queue/queue-snapshot.ts";
import type { PublicTicketView, TicketView } from "../queue/ticket-view.ts";
import type { SessionUser } from "../roles.ts";
import type {
  AcknowledgedEvent,
  ConversationSummary,
  MessageView,
  PresenceChange,
  PresenceStatus,
  ReadEvent,
  StaffMember,
  SyncResult,
  TypingEvent,
  UrgentReminder,
} from "../messaging/views.ts";

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
  /** Staff: send a message. Saved before the ack; a retry with the same clientId returns the first (duplicate: true). */
  "message:send": (payload: { conversationId: string; clientId: string; body: string; urgent?: boolean }, ack: Ack<{ message: MessageView; duplicate: boolean }>) => void;
  /** Staff: change the text of one's own message. */
  "message:edit": (payload: { messageId: string; body: string }, ack: Ack<{ message: MessageView }>) => void;
  /** Staff: delete one's own message (it stays in place, shown as deleted). */
  "message:delete": (payload: { messageId: string }, ack: Ack<{ message: MessageView }>) => void;
  /** Staff: acknowledge an urgent message sent to you. */
  "message:acknowledge": (payload: { messageId: string }, ack: Ack<AcknowledgedEvent>) => void;
  /** Staff: you have read up to this seq. Never moves backwards. */
  "conversation:read": (payload: { conversationId: string; seq: number }, ack: Ack<{ conversationId: string; lastReadSeq: number; unread: number }>) => void;
  /** Staff: what changed in a conversation after afterEventSeq (catch-up after a disconnect or reload). */
  "conversation:sync": (payload: { conversationId: string; afterEventSeq: number }, ack: Ack<SyncResult>) => void;
  /** Staff: typing started or stopped in a conversation (others see it for a few seconds). */
  "typing:set": (payload: { conversationId: string; typing: boolean }, ack?: Ack<{ ok: true }>) => void;
  /** Staff: this connection is active ("online") or idle/hidden ("away"). */
  "presence:set": (payload: { status: Exclude<PresenceStatus, "offline"> }, ack: Ack<{ status: PresenceStatus }>) => void;
  /** Staff: everyone on staff with their presence. */
  "presence:list": (payload: Record<string, never>, ack: Ack<StaffMember[]>) => void;
}

export interface ServerToClientEvents {
  "announcement:new": (announcement: AnnouncementView) => void;
  "availability:changed": (change: AvailabilityChange) => void;
  /** A waitlisted slot is held for this patient until expiresAt. */
  "waitlist:offer": (offer: WaitlistOfferView) => void;
  "queue:changed": (event: QueueChangedEvent) => void;
  "queue:public-changed": (event: QueuePublicChangedEvent) => void;
  /** A new message in a conversation you are in. */
  "message:new": (message: MessageView) => void;
  /** A message was edited or deleted (same id; higher eventSeq). */
  "message:updated": (message: MessageView) => void;
  /** Someone acknowledged an urgent message (to the conversation). */
  "message:acknowledged": (event: AcknowledgedEvent) => void;
  /** Read state moved: yours (any of your tabs), or another member's in a direct or group conversation. */
  "conversation:read": (event: ReadEvent) => void;
  /** You were added to a conversation (a new direct message, group, channel or visit thread). */
  "conversation:added": (conversation: ConversationSummary) => void;
  /** You left a conversation (in this tab or another): drop it from the list; its events stop. */
  "conversation:removed": (event: { conversationId: string }) => void;
  "typing": (event: TypingEvent) => void;
  /** A staff member's presence changed (to all staff). */
  "presence:changed": (change: PresenceChange) => void;
  /** Urgent messages you have not acknowledged yet, repeated until you do. */
  "urgent:reminder": (reminder: UrgentReminder) => void;
  /** This instance is shutting down; the client reconnects (to another instance behind the load balancer). */
  "server:draining": (info: { reconnectAfterMs: number }) => void;
  /**
   * This instance's Redis connection came back after an outage: broadcasts from other instances
   * may have been lost meanwhile (the pub/sub adapter does not replay). The client re-reads what
   * it follows, as after a reconnect: queue boards watch again, conversations sync, the inbox
   * re-reads. Sent to this instance's own sockets only.
   */
  "server:resync": (info: { reason: "redis-restored" }) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  user: SessionUser;
  /** Day rooms joined through availability:watch. */
  watching?: string[];
  /** Conversations this socket's user belonged to at connect (their rooms are joined then). */
  conversationIds?: string[];
  /** Whether this connection counts towards the user's presence (handshake auth `presence: false` opts out). */
  presence?: boolean;
}

export type ClinicflowIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ClinicflowSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const CLIENT_EVENTS = [
  "session:whoami",
  "room:join",
  "room:leave",
  "availability:watch",
  "queue:watch",
  "queue:watch-public",
  "message:send",
  "message:edit",
  "message:delete",
  "message:acknowledge",
  "conversation:read",
  "conversation:sync",
  "typing:set",
  "presence:set",
  "presence:list",
] as const satisfies readonly (keyof ClientToServerEvents)[];
export const SERVER_EVENTS = [
  "announcement:new",
  "availability:changed",
  "waitlist:offer",
  "queue:changed",
  "queue:public-changed",
  "message:new",
  "message:updated",
  "message:acknowledged",
  "conversation:read",
  "conversation:added",
  "conversation:removed",
  "typing",
  "presence:changed",
  "urgent:reminder",
  "server:draining",
  "server:resync",
] as const satisfies readonly (keyof ServerToClientEvents)[];

/** Error codes a refused handshake carries in `err.data.code` on the client. */
export const HANDSHAKE_ERRORS = ["UNAUTHENTICATED", "UNAVAILABLE"] as const;
