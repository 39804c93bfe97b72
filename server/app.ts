import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import path from "node:path";
import next from "next";
import type { Redis } from "ioredis";
import { createRegistrationLimiter } from "./auth/registration-limiter.ts";
import { createSignInLimiter } from "./auth/sign-in-limiter.ts";
import type { Config } from "./config.ts";
import { pingDb, withTimeout, type Db } from "./db/client.ts";
import type { ClinicflowIo } from "./gateway/contract.ts";
import { createGateway, presenceSettled } from "./gateway/create-gateway.ts";
import { createRealtime, type Realtime } from "./gateway/realtime.ts";
import { startHoldSweeper } from "./booking/hold-sweeper.ts";
import { offerFreedSlots } from "./waitlist/offer-freed-slot.ts";
import { CLIENT_IP_HEADER, clientIpOf } from "./http/client-ip.ts";
import { createRouteLabeler } from "./http/route-label.ts";
import type { Logger } from "./logger.ts";
import { registerQueueStateGauges, registerReadinessGauge, registerRedisConnectionGauge, type Metrics } from "./metrics.ts";
import { createQueueMetrics, readQueueState } from "./queue/queue-metrics.ts";
import { startRecallSweeper } from "./queue/recall-sweeper.ts";
import { buildLimiter } from "./auth/rate-limit.ts";
import { ensureDefaultChannels } from "./messaging/default-channels.ts";
import { createMemoryPresenceStore, createRedisPresenceStore } from "./messaging/presence.ts";
import { sendUrgentReminders } from "./messaging/urgent-reminders.ts";
import { startPeriodic } from "./periodic.ts";
import type { PresenceChange } from "./messaging/views.ts";
import { publishPresence } from "./gateway/messaging-handlers.ts";
import { createRedis, pingRedis } from "./redis.ts";
import { clearRuntime, registerRuntime, type ReadinessReport } from "./runtime.ts";

export const PROJECT_DIR = path.resolve(import.meta.dirname, "..");

export interface AppDeps {
  config: Config;
  db: Db;
  logger: Logger;
  metrics: Metrics;
  authSecret: string;
  dev?: boolean;
}

export interface ClinicflowServer {
  httpServer: HttpServer;
  io: ClinicflowIo;
  realtime: Realtime;
  listen(): Promise<{ port: number; url: string }>;
  /** Graceful stop: refuse new work, move sockets away, finish in-flight requests, close connections. */
  close(): Promise<void>;
}

/**
 * Composes one Clinicflow instance: Next.js pages and route handlers, the Socket.IO gateway
 * and /metrics on one HTTP server. Knows nothing about process signals (server/index.ts).
 */
export async function createClinicflowServer(deps: AppDeps): Promise<ClinicflowServer> {
  const { config, db, logger, metrics } = deps;
  const secureCookies = (config.PUBLIC_URL ?? "").startsWith("https://");

  let redisClients: { pub: Redis; sub: Redis } | undefined;
  if (config.REDIS_URL) {
    const pub = createRedis(config.REDIS_URL, logger, "pub");
    redisClients = { pub, sub: pub.duplicate() };
    logger.info("socket.io: redis adapter (instances share rooms and broadcasts)");
  } else {
    logger.info("socket.io: in-memory adapter (single instance; set REDIS_URL to scale out)");
  }

  const signInLimiter = createSignInLimiter(
    {
      maxFailuresPerAccount: config.SIGNIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: config.SIGNIN_MAX_FAILURES_PER_IP,
      windowSeconds: config.SIGNIN_LOCKOUT_SECONDS,
    },
    redisClients?.pub ?? null,
    config.REDIS_KEY_PREFIX,
  );

  const registrationLimiter = createRegistrationLimiter(config.REGISTRATIONS_PER_IP_PER_HOUR, redisClients?.pub ?? null, config.REDIS_KEY_PREFIX);

  const nextApp = next({ dev: deps.dev ?? false, dir: PROJECT_DIR, quiet: true });
  await nextApp.prepare();
  const handleNext = nextApp.getRequestHandler();
  const routeLabel = createRouteLabeler(path.join(PROJECT_DIR, ".next"));

  let draining = false;
  const httpServer = createServer((req, res) => {
    void handleRequest(req, res);
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const incomingId = req.headers["x-request-id"];
    const requestId = typeof incomingId === "string" && /^[\w-]{1,64}$/.test(incomingId) ? incomingId : randomUUID();
    req.headers["x-request-id"] = requestId;
    req.headers[CLIENT_IP_HEADER] = clientIpOf(req, config.TRUST_PROXY);
    res.setHeader("x-request-id", requestId);
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";

    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(pathname);
      metrics.httpRequestDuration.observe({ method: req.method ?? "GET", route, status: String(res.statusCode) }, seconds);
      if (!pathname.startsWith("/_next/")) {
        logger.info({ requestId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) }, "request");
      }
    });
    if (draining) res.setHeader("connection", "close");

    try {
      if (pathname === "/metrics" && req.method === "GET") {
        if (config.METRICS_TOKEN && req.headers.authorization !== `Bearer ${config.METRICS_TOKEN}`) {
          res.statusCode = 401;
          res.setHeader("content-type", "application/json");
          res.setHeader("www-authenticate", "Bearer");
          res.end(JSON.stringify({ error: { code: "UNAUTHENTICATED", message: "Send the metrics token as a Bearer token." } }));
          return;
        }
        res.setHeader("content-type", metrics.registry.contentType);
        res.end(await metrics.registry.metrics());
        return;
      }
      await handleNext(req, res);
    } catch (error) {
      logger.error({ err: error, requestId }, "request failed");
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ error: { code: "INTERNAL", message: "Something went wrong on our side. Please try again." } }));
      }
    }
  }

  // Staff messaging: presence shared through Redis (or in memory), a per-sender rate limit,
  // and the default channels (all staff, one per department) with everyone in them.
  const presence = redisClients
    ? createRedisPresenceStore(redisClients.pub, { keyPrefix: config.REDIS_KEY_PREFIX, ttlMs: config.PRESENCE_TTL_MS })
    : createMemoryPresenceStore();
  const sendLimiter = buildLimiter(config.MESSAGE_RATE_LIMIT, config.MESSAGE_RATE_WINDOW_SECONDS, `${config.REDIS_KEY_PREFIX}message-send`, redisClients?.pub ?? null);
  await ensureDefaultChannels(db);

  const io = createGateway(httpServer, {
    presence,
    sendLimiter,
    db,
    logger,
    metrics,
    authSecret: deps.authSecret,
    secureCookies,
    publicUrl: config.PUBLIC_URL,
    redis: redisClients ? { ...redisClients, keyPrefix: config.REDIS_KEY_PREFIX } : undefined,
  });
  const realtime = createRealtime(io, metrics);
  if (redisClients) {
    // The adapter subscribes when it is created; a PING on the same connection answers only
    // after those subscriptions are in place. Until then this instance would miss broadcasts
    // from the others, so it does not listen before.
    await withTimeout(redisClients.sub.ping(), 10_000, "redis subscriptions not ready").catch((error: unknown) =>
      logger.warn({ err: (error as Error).message }, "starting without confirmed redis subscriptions"),
    );
  }

  async function readiness(): Promise<ReadinessReport> {
    const checks: ReadinessReport["checks"] = {};
    const attempt = async (name: string, check: () => Promise<void>) => {
      try {
        await check();
        checks[name] = { ok: true };
      } catch (error) {
        checks[name] = { ok: false, reason: (error as Error).message };
      }
    };
    await Promise.all([
      attempt("database", () => pingDb(db)),
      redisClients ? attempt("redis", () => pingRedis(redisClients.pub)) : Promise.resolve(),
    ]);
    if (draining) checks.server = { ok: false, reason: "shutting down" };
    // Without Redis an instance still serves pages, the API and its own sockets (broadcasts to
    // other instances wait, and clients resync when Redis returns): it stays in rotation, marked
    // degraded. Taking every instance out at once for a Redis outage would stop the clinic.
    const ready = checks.database?.ok === true && !draining;
    return { ready, degraded: ready && Object.values(checks).some((c) => !c.ok), checks };
  }
  // Sampled on each scrape, for alerts on the database and on the Redis adapter.
  registerReadinessGauge(metrics.registry, readiness);
  if (redisClients) registerRedisConnectionGauge(metrics.registry, redisClients);

  // Freed slots (cancellations, reschedules, lapsed or declined offers) go to the waitlist.
  const onSlotFreed = offerFreedSlots({ db, realtime, logger });
  const holdSweeper = startHoldSweeper({ db, realtime, logger, onSlotFreed, intervalMs: config.HOLD_SWEEP_INTERVAL_MS });

  // Queue changes are counted as they happen; the queue gauges are read from PostgreSQL per scrape.
  const queueMetrics = createQueueMetrics(metrics);
  registerQueueStateGauges(metrics.registry, () => withTimeout(readQueueState(db), 2_000, "queue metrics query timed out"), (error) =>
    logger.warn({ err: error }, "queue metrics read failed"),
  );
  // Called patients who do not come are called again, then marked no-show.
  const recallSweeper = startRecallSweeper({ db, realtime, metrics: queueMetrics, logger, intervalMs: config.QUEUE_SWEEP_INTERVAL_MS });

  // Presence: beat this instance's heartbeat and clear instances that died, telling staff who went offline.
  const publishPresenceChanges = (changes: PresenceChange[]) => changes.forEach((change) => publishPresence(realtime, change));
  const presenceTicker = startPeriodic("presence heartbeat", Math.max(500, Math.floor(config.PRESENCE_TTL_MS / 3)), logger, async () =>
    publishPresenceChanges(await presence.heartbeat()),
  );
  void presenceTicker.runNow();
  const urgentReminders = startPeriodic("urgent reminders", Math.min(config.URGENT_REMINDER_INTERVAL_MS, 30_000), logger, async () => {
    await sendUrgentReminders({ db, realtime }, config.URGENT_REMINDER_INTERVAL_MS);
  });

  registerRuntime({ db, io, realtime, logger, metrics, signInLimiter, registrationLimiter, onSlotFreed, queueMetrics, presence, sendLimiter, authSecret: deps.authSecret, secureCookies, readiness });

  return {
    httpServer,
    io,
    realtime,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(config.PORT, config.HOST, () => {
          const address = httpServer.address();
          const port = typeof address === "object" && address ? address.port : config.PORT;
          const url = config.PUBLIC_URL ?? `http://localhost:${port}`;
          // next-auth builds its redirect URLs from NEXTAUTH_URL. Without PUBLIC_URL they follow
          // the Host the browser used (localhost, 127.0.0.1 or a LAN address alike).
          if (config.PUBLIC_URL) process.env.NEXTAUTH_URL = config.PUBLIC_URL;
          else process.env.AUTH_TRUST_HOST = "true";
          resolve({ port, url });
        });
      }),
    async close() {
      draining = true;
      logger.info("draining: refusing new connections");
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      // Tell clients first, then drop their transports: Socket.IO clients reconnect on their
      // own (behind a load balancer, to another instance).
      metrics.socketEventsEmitted.inc({ event: "server:draining" });
      io.local.emit("server:draining", { reconnectAfterMs: 1_000 });
      io.engine.close();
      const timer = setTimeout(() => {
        logger.warn("shutdown timeout: closing remaining connections");
        httpServer.closeAllConnections();
      }, config.SHUTDOWN_TIMEOUT_MS);
      await closed;
      clearTimeout(timer);
      await recallSweeper.stop();
      await holdSweeper.stop();
      await urgentReminders.stop();
      await presenceTicker.stop();
      // Disconnected sockets' presence updates finish first; then whatever is left of this
      // instance's presence is removed, before the Redis clients close.
      await presenceSettled(io);
      publishPresenceChanges(await presence.shutdown().catch(() => []));
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      await presenceSettled(io);
      await nextApp.close?.().catch(() => undefined);
      if (redisClients) {
        await Promise.allSettled([redisClients.sub.quit(), redisClients.pub.quit()]);
      }
      clearRuntime();
      logger.info("drained");
    },
  };
}
