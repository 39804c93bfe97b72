import type { Server, Socket } from "socket.io";
import type { ErrorCode } from "../errors.ts";
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

export interface ClientToServerEvents {
  "session:whoami": (payload: Record<string, never>, ack: Ack<SessionUser>) => void;
  "room:join": (payload: RoomPayload, ack: Ack<{ room: string }>) => void;
  "room:leave": (payload: RoomPayload, ack: Ack<{ room: string }>) => void;
}

export interface ServerToClientEvents {
  "announcement:new": (announcement: AnnouncementView) => void;
  /** This instance is shutting down; the client reconnects (to another instance behind the load balancer). */
  "server:draining": (info: { reconnectAfterMs: number }) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  user: SessionUser;
}

export type ClinicflowIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ClinicflowSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const CLIENT_EVENTS = ["session:whoami", "room:join", "room:leave"] as const satisfies readonly (keyof ClientToServerEvents)[];
export const SERVER_EVENTS = ["announcement:new", "server:draining"] as const satisfies readonly (keyof ServerToClientEvents)[];

/** Error codes a refused handshake carries in `err.data.code` on the client. */
export const HANDSHAKE_ERRORS = ["UNAUTHENTICATED", "UNAVAILABLE"] as const;
