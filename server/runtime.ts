import type { Db } from "./db/client.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import type { RegistrationLimiter } from "./auth/registration-limiter.ts";
import type { SignInLimiter } from "./auth/sign-in-limiter.ts";
import type { ClinicflowIo } from "./gateway/contract.ts";
import type { Realtime } from "./gateway/realtime.ts";
import type { SlotFreed } from "./booking/cancel-appointment.ts";
import type { QueueDeps, QueueMetrics } from "./queue/queue-change.ts";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { MessageDeps } from "./messaging/messages.ts";
import type { PresenceStore } from "./messaging/presence.ts";

/**
 * What route handlers need from the running server. Next.js bundles route handlers
 * separately from the custom server, so module-level singletons are not shared between
 * them: the server registers its one set of connections here, on globalThis, at boot,
 * and route handlers look them up per request. See docs/architecture.md.
 */
export interface ClinicflowRuntime {
  db: Db;
  io: ClinicflowIo;
  realtime: Realtime;
  logger: Logger;
  metrics: Metrics;
  signInLimiter: SignInLimiter;
  registrationLimiter: RegistrationLimiter;
  /** Offers a freed slot to the waitlist (cancellations, reschedules, lapsed offers). */
  onSlotFreed?: SlotFreed;
  /** Observes queue changes for /metrics. */
  queueMetrics?: QueueMetrics;
  /** Who is online (staff messaging). */
  presence: PresenceStore;
  /** Per-sender message rate limit. */
  sendLimiter?: RateLimiterAbstract;
  authSecret: string;
  secureCookies: boolean;
  readiness(): Promise<ReadinessReport>;
}

export interface ReadinessReport {
  /** Can serve: PostgreSQL answers and the instance is not draining. */
  ready: boolean;
  /** Serving, but a shared service (Redis) is away: cross-instance broadcasts wait. */
  degraded: boolean;
  checks: Record<string, { ok: boolean; reason?: string }>;
}

const SLOT = Symbol.for("clinicflow.runtime");
type Holder = { [SLOT]?: ClinicflowRuntime };

export function registerRuntime(runtime: ClinicflowRuntime): void {
  (globalThis as Holder)[SLOT] = runtime;
}

export function clearRuntime(): void {
  delete (globalThis as Holder)[SLOT];
}

export function getRuntime(): ClinicflowRuntime {
  const runtime = (globalThis as Holder)[SLOT];
  if (!runtime) throw new Error("Clinicflow runtime is not registered: serve the app through server/index.ts (npm start).");
  return runtime;
}

/** What queue services need from the runtime. */
export function queueDeps(runtime: ClinicflowRuntime): QueueDeps {
  return { db: runtime.db, realtime: runtime.realtime, metrics: runtime.queueMetrics };
}

/** What messaging services need from the runtime. */
export function messageDeps(runtime: ClinicflowRuntime): MessageDeps {
  return { db: runtime.db, realtime: runtime.realtime, sendLimiter: runtime.sendLimiter };
}
