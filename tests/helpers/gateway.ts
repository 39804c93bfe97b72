import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { io as connect, type Socket } from "socket.io-client";
import type { Db } from "../../server/db/client.ts";
import type { AckResponse, ClientToServerEvents, ClinicflowIo, ServerToClientEvents } from "../../server/gateway/contract.ts";
import { createGateway, presenceSettled } from "../../server/gateway/create-gateway.ts";
import { createRealtime, type Realtime } from "../../server/gateway/realtime.ts";
import { createLogger } from "../../server/logger.ts";
import { createMetrics, type Metrics } from "../../server/metrics.ts";
import type { PublicQueueSnapshot } from "../../server/queue/queue-snapshot.ts";
import { buildLimiter } from "../../server/auth/rate-limit.ts";
import { createMemoryPresenceStore, createRedisPresenceStore, type PresenceStore } from "../../server/messaging/presence.ts";
import { TEST_AUTH_SECRET } from "./session.ts";

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;
/** A waiting-room display: the /display namespace's own small contract. */
export type DisplayClient = Socket<Pick<ServerToClientEvents, "queue:public-changed">, { "display:snapshot": (ack: (r: AckResponse<PublicQueueSnapshot[]>) => void) => void }>;

/** A gateway on its own HTTP server on port 0, with a real database and (optionally) real Redis. */
export interface TestGateway {
  io: ClinicflowIo;
  realtime: Realtime;
  metrics: Metrics;
  presence: PresenceStore;
  url: string;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Messages per sender per window (default: the server's default, 30 per 10 s). */
  messageRateLimit?: { points: number; seconds: number };
  /** Presence heartbeat TTL with Redis (default 30 s). */
  presenceTtlMs?: number;
}

export async function startTestGateway(db: Db, redis?: { url: string; keyPrefix: string }, options: TestGatewayOptions = {}): Promise<TestGateway> {
  const httpServer: HttpServer = createServer();
  const metrics = createMetrics();
  const clients = redis ? (() => {
    const pub = new Redis(redis.url);
    return { pub, sub: pub.duplicate(), keyPrefix: redis.keyPrefix };
  })() : undefined;
  const presence = clients ? createRedisPresenceStore(clients.pub, { keyPrefix: clients.keyPrefix, ttlMs: options.presenceTtlMs ?? 30_000 }) : createMemoryPresenceStore();
  const limit = options.messageRateLimit ?? { points: 30, seconds: 10 };
  const io = createGateway(httpServer, {
    presence,
    sendLimiter: buildLimiter(limit.points, limit.seconds, `${redis?.keyPrefix ?? "test:"}message-send`, clients?.pub ?? null),
    db,
    logger: createLogger("silent"),
    metrics,
    authSecret: TEST_AUTH_SECRET,
    secureCookies: false,
    redis: clients,
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    io,
    realtime: createRealtime(io, metrics),
    metrics,
    presence,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      // Presence updates of the sockets just closed still write to (and publish through) Redis.
      await presenceSettled(io);
      await Promise.allSettled([clients?.pub.quit(), clients?.sub.quit()]);
    },
  };
}

/** Connects like a browser would (WebSocket, session cookie); resolves once connected or refused. */
export function connectClient(url: string, cookie?: string, extraHeaders: Record<string, string> = {}, auth?: Record<string, unknown>): Promise<TestClient> {
  const socket: TestClient = connect(url, {
    transports: ["websocket"],
    ...(auth ? { auth } : {}),
    reconnection: false,
    forceNew: true,
    timeout: 5_000,
    extraHeaders: { ...(cookie ? { cookie } : {}), ...extraHeaders },
  });
  return connected(socket);
}

/** Connects to the /display namespace like the waiting-room screen, with the location's display key. */
export function connectDisplay(url: string, displayKey?: string): Promise<DisplayClient> {
  const socket: DisplayClient = connect(`${url}/display`, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 5_000, auth: displayKey === undefined ? {} : { displayKey } });
  return connected(socket);
}

function connected<S extends Socket>(socket: S): Promise<S> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

export function nextEvent<E extends keyof ServerToClientEvents>(socket: TestClient, event: E, timeoutMs = 5_000): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event as never, ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    }) as never);
  });
}

/** Resolves true if the event arrives within the window, false otherwise. */
export function receivesWithin(socket: TestClient, event: keyof ServerToClientEvents, windowMs: number): Promise<boolean> {
  return nextEvent(socket, event, windowMs).then(
    () => true,
    () => false,
  );
}
