import type { Metrics } from "../metrics.ts";
import { rooms } from "./rooms.ts";
import type { ClinicflowIo, ServerToClientEvents } from "./contract.ts";

/**
 * How services push live updates. Route handlers and socket handlers both reach clients
 * through this, so every emit is counted in /metrics by event name. With the Redis adapter
 * the emit reaches clients of every instance.
 */
export interface Realtime {
  /** Puts every connected socket of these users (on any instance) into a room. */
  joinUsers(userIds: string[], room: string): void;
  /** Takes every connected socket of these users (on any instance) out of a room. */
  leaveUsers(userIds: string[], room: string): void;
  emit<E extends keyof ServerToClientEvents>(room: string | string[], event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** Also reaches waiting-room displays (the /display namespace). Only for name-less payloads. */
  emitPublic<E extends keyof ServerToClientEvents>(room: string | string[], event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
}

export const DISPLAY_NAMESPACE = "/display";

export function createRealtime(io: ClinicflowIo, metrics: Metrics): Realtime {
  return {
    joinUsers(userIds, room) {
      if (userIds.length) io.in(userIds.map((id) => rooms.user(id))).socketsJoin(room);
    },
    leaveUsers(userIds, room) {
      if (userIds.length) io.in(userIds.map((id) => rooms.user(id))).socketsLeave(room);
    },
    emit(room, event, ...args) {
      metrics.socketEventsEmitted.inc({ event });
      io.to(room).emit(event, ...args);
    },
    emitPublic(room, event, ...args) {
      metrics.socketEventsEmitted.inc({ event });
      io.to(room).emit(event, ...args);
      // The display namespace shares the event contract; its sockets only ever join public rooms.
      (io.of(DISPLAY_NAMESPACE).to(room).emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
    },
  };
}
