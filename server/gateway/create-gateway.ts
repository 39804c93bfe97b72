import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import type { Redis } from "ioredis";
import { Server } from "socket.io";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import { CLIENT_EVENTS, type ClinicflowIo, type ClinicflowSocket } from "./contract.ts";
import { handleEvent } from "./handle.ts";
import { registerDisplayNamespace } from "./display-namespace.ts";
import { registerQueueHandlers } from "./queue-handlers.ts";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { requireMembership } from "../messaging/access.ts";
import type { PresenceStore } from "../messaging/presence.ts";
import { loadConversations, registerMessagingHandlers } from "./messaging-handlers.ts";
import { createRealtime, type Realtime } from "./realtime.ts";
import { resyncAfterRedisOutage } from "./resync-after-redis-outage.ts";
import { authenticateHandshake, sameOriginOnly } from "./handshake.ts";
import { canJoinRoom, roomPayloadSchema, rooms, roomsAtConnect, watchPayloadSchema } from "./rooms.ts";

export interface GatewayDeps {
  db: Db;
  logger: Logger;
  metrics: Metrics;
  authSecret: string;
  secureCookies: boolean;
  publicUrl?: string;
  /** Redis clients for the adapter; without them, the in-memory adapter (one instance). */
  redis?: { pub: Redis; sub: Redis; keyPrefix: string };
  /** Who is online (Redis-backed across instances, or in memory). */
  presence: PresenceStore;
  /** Limits how fast one person can send messages; none = unlimited. */
  sendLimiter?: RateLimiterAbstract;
}

const presenceInFlight = new WeakMap<ClinicflowIo, Set<Promise<unknown>>>();

/**
 * Resolves once the presence updates of disconnected sockets have been written (and pushed).
 * Call after io.close() and before closing the Redis clients they use.
 */
export async function presenceSettled(io: ClinicflowIo): Promise<void> {
  const pending = presenceInFlight.get(io);
  while (pending && pending.size > 0) await Promise.allSettled([...pending]);
}

export function createGateway(httpServer: HttpServer, deps: GatewayDeps): ClinicflowIo {
  const io: ClinicflowIo = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    // WebSocket only: no long-polling, so no sticky sessions behind a load balancer.
    transports: ["websocket"],
    allowRequest: sameOriginOnly(deps.publicUrl),
    pingInterval: 20_000,
    pingTimeout: 20_000,
    maxHttpBufferSize: 64 * 1024,
  });

  if (deps.redis) {
    io.adapter(createAdapter(deps.redis.pub, deps.redis.sub, { key: `${deps.redis.keyPrefix}socket.io` }));
    // Broadcasts lost while Redis was away: clients re-read once it is back (server:resync).
    resyncAfterRedisOutage(io, deps.redis, deps);
    deps.metrics.socketAdapter.set({ adapter: "redis" }, 1);
  } else {
    deps.metrics.socketAdapter.set({ adapter: "memory" }, 1);
  }

  io.use(authenticateHandshake(deps));
  io.use(loadConversations(deps.db));
  const realtime = createRealtime(io, deps.metrics);
  const inFlight = new Set<Promise<unknown>>();
  presenceInFlight.set(io, inFlight);
  io.on("connection", (socket) => onConnection(socket, deps, realtime, inFlight));
  registerDisplayNamespace(io, deps);
  return io;
}

const KNOWN_EVENTS = new Set<string>(CLIENT_EVENTS);

function onConnection(socket: ClinicflowSocket, deps: GatewayDeps, realtime: Realtime, presenceInFlight: Set<Promise<unknown>>): void {
  const { user } = socket.data;
  const log = deps.logger.child({ socketId: socket.id, userId: user.id, role: user.role });
  deps.metrics.socketConnections.inc();
  void socket.join(roomsAtConnect(user));
  log.debug("socket connected");

  socket.onAny((event: string) => {
    deps.metrics.socketEventsReceived.inc({ event: KNOWN_EVENTS.has(event) ? event : "unknown" });
  });
  socket.on("disconnect", (reason) => {
    deps.metrics.socketConnections.dec();
    deps.metrics.socketDisconnects.inc({ reason });
    log.debug({ reason }, "socket disconnected");
  });

  handleEvent(socket, log, "session:whoami", z.object({}), () => user);

  handleEvent(socket, log, "room:join", roomPayloadSchema, async ({ room }) => {
    if (room.startsWith("conversation:")) {
      await requireMembership(deps.db, user, room.slice("conversation:".length));
      await socket.join(room);
      return { room };
    }
    if (!canJoinRoom(user, room)) throw new AppError("FORBIDDEN", "You may not join this room.", { room });
    await socket.join(room);
    return { room };
  });

  handleEvent(socket, log, "room:leave", roomPayloadSchema, async ({ room }) => {
    await socket.leave(room);
    return { room };
  });

  handleEvent(socket, log, "availability:watch", watchPayloadSchema, async ({ clinicianIds = [], departmentIds = [], dates }) => {
    const wanted = [
      ...clinicianIds.flatMap((id) => dates.map((d) => rooms.clinicianDay(id, d))),
      ...departmentIds.flatMap((id) => dates.map((d) => rooms.departmentDay(id, d))),
    ];
    for (const room of socket.data.watching ?? []) if (!wanted.includes(room)) await socket.leave(room);
    await socket.join(wanted);
    socket.data.watching = wanted;
    return { rooms: wanted };
  });

  registerQueueHandlers(socket, deps.db, log);
  registerMessagingHandlers(socket, { db: deps.db, realtime, presence: deps.presence, metrics: deps.metrics, logger: log, sendLimiter: deps.sendLimiter, presenceInFlight }, log);
}
