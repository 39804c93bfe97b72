import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { DisconnectReason } from "socket.io";

/** Everything /metrics exposes, in one registry created at boot. */
export interface Metrics {
  registry: Registry;
  httpRequestDuration: Histogram<"method" | "route" | "status">;
  socketConnections: Gauge;
  /** Default-namespace sockets that went away, by Socket.IO's reason (every reason present from the start, at 0). */
  socketDisconnects: Counter<"reason">;
  socketEventsReceived: Counter<"event">;
  socketEventsEmitted: Counter<"event">;
  socketAdapter: Gauge<"adapter">;
  signInFailures: Counter<"reason">;
  /** Check-in → first call, observed on the first "called" of a ticket. */
  queueWaitSeconds: Histogram<"department">;
  /** Service start → finish. */
  queueServiceSeconds: Histogram<"department">;
  /** Calls made by this instance: kind "called" (a desk) or "recalled" (a desk or the recall sweeper). */
  queueCalls: Counter<"department" | "kind">;
  queueNoShows: Counter<"department">;
  /** Staff messages saved through this instance, by conversation kind (retries not counted). */
  messagesSent: Counter<"kind">;
  /** Send → saved, as the sender's ack reports it. */
  messageSendSeconds: Histogram;
}

/** Queue waits and services last minutes, not milliseconds. */
const MINUTES = (...m: number[]) => m.map((x) => x * 60);

/**
 * Every reason Socket.IO gives. Each series starts at 0, so the first burst of a reason is an
 * increase that rate() sees, not a series that appears already high.
 */
const DISCONNECT_REASONS: DisconnectReason[] = [
  "transport close",
  "transport error",
  "ping timeout",
  "parse error",
  "forced close",
  "server shutting down",
  "forced server close",
  "client namespace disconnect",
  "server namespace disconnect",
];

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const socketDisconnects = new Counter({
    name: "clinicflow_socketio_disconnects_total",
    help: "Socket.IO clients (default namespace) disconnected from this instance, by Socket.IO's disconnect reason",
    labelNames: ["reason"],
    registers: [registry],
  });
  for (const reason of DISCONNECT_REASONS) socketDisconnects.inc({ reason }, 0);
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: "clinicflow_http_request_duration_seconds",
      help: "HTTP request duration by route pattern and status code",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    socketConnections: new Gauge({
      name: "clinicflow_socketio_connected_clients",
      help: "Socket.IO clients connected to this instance",
      registers: [registry],
    }),
    socketDisconnects,
    socketEventsReceived: new Counter({
      name: "clinicflow_socketio_events_received_total",
      help: "Socket.IO events received from clients, by event name",
      labelNames: ["event"],
      registers: [registry],
    }),
    socketEventsEmitted: new Counter({
      name: "clinicflow_socketio_events_emitted_total",
      help: "Socket.IO events emitted by this instance, by event name",
      labelNames: ["event"],
      registers: [registry],
    }),
    socketAdapter: new Gauge({
      name: "clinicflow_socketio_adapter_info",
      help: "The Socket.IO adapter in use (value 1 on the active adapter label)",
      labelNames: ["adapter"],
      registers: [registry],
    }),
    signInFailures: new Counter({
      name: "clinicflow_signin_failures_total",
      help: "Refused sign-ins by reason",
      labelNames: ["reason"],
      registers: [registry],
    }),
    queueWaitSeconds: new Histogram({
      name: "clinicflow_queue_wait_seconds",
      help: "Time from check-in to a ticket's first call, by department id",
      labelNames: ["department"],
      buckets: MINUTES(1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120),
      registers: [registry],
    }),
    queueServiceSeconds: new Histogram({
      name: "clinicflow_queue_service_seconds",
      help: "Time from service start to finish, by department id",
      labelNames: ["department"],
      buckets: MINUTES(1, 2, 5, 10, 15, 20, 30, 45, 60),
      registers: [registry],
    }),
    queueCalls: new Counter({
      name: "clinicflow_queue_calls_total",
      help: "Patients called (kind=called) and called again (kind=recalled) through this instance, by department id",
      labelNames: ["department", "kind"],
      registers: [registry],
    }),
    queueNoShows: new Counter({
      name: "clinicflow_queue_no_shows_total",
      help: "Tickets marked no-show through this instance (by a desk or the recall sweeper), by department id",
      labelNames: ["department"],
      registers: [registry],
    }),
    messagesSent: new Counter({
      name: "clinicflow_messages_sent_total",
      help: "Staff messages saved through this instance, by conversation kind (channel, direct, group, visit); retries not counted",
      labelNames: ["kind"],
      registers: [registry],
    }),
    messageSendSeconds: new Histogram({
      name: "clinicflow_message_send_duration_seconds",
      help: "From a message:send arriving to its ack (saved in PostgreSQL and pushed)",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

/** One department's queue today, read from the database when /metrics is scraped. */
export interface DepartmentQueueState {
  departmentId: string;
  /** Today's tickets by state, every state present (0 when none). */
  tickets: Record<string, number>;
  /** How long the oldest WAITING ticket has waited since check-in; 0 when nobody waits. */
  longestWaitSeconds: number;
  /** The department's waitAlertMinutes, in seconds: what longestWaitSeconds is alerted against. */
  waitAlertSeconds: number;
}

/**
 * The queue gauges. They describe the database, not this instance, so every instance reports
 * the same values: aggregate them with max(), not sum(). They are filled on each scrape from
 * one call of `read` (the gauges are collected together, and share it); when it fails they
 * are left empty for that scrape and `onError` is told, and the rest of /metrics is served.
 */
export function registerQueueStateGauges(registry: Registry, read: () => Promise<DepartmentQueueState[]>, onError: (error: unknown) => void): void {
  let pending: Promise<DepartmentQueueState[] | null> | null = null;
  const current = () =>
    (pending ??= read()
      .catch((error: unknown) => {
        onError(error);
        return null;
      })
      .finally(() => (pending = null)));

  const gauge = <L extends string>(name: string, help: string, labelNames: L[], fill: (g: Gauge<L>, d: DepartmentQueueState) => void) => {
    const g: Gauge<L> = new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const departments = await current();
        g.reset();
        for (const d of departments ?? []) fill(g, d);
      },
    });
  };
  gauge("clinicflow_queue_tickets", "Today's tickets by department id and state (from the database; the same on every instance)", ["department", "state"], (g, d) => {
    for (const [state, count] of Object.entries(d.tickets)) g.set({ department: d.departmentId, state }, count);
  });
  gauge("clinicflow_queue_longest_wait_seconds", "How long the oldest waiting ticket of each department has waited since check-in (0 when nobody waits)", ["department"], (g, d) =>
    g.set({ department: d.departmentId }, d.longestWaitSeconds),
  );
  gauge("clinicflow_queue_wait_alert_seconds", "Each department's waitAlertMinutes in seconds, to alert on clinicflow_queue_longest_wait_seconds above it", ["department"], (g, d) =>
    g.set({ department: d.departmentId }, d.waitAlertSeconds),
  );
}

/**
 * Readiness as /api/ready reports it, sampled on each scrape: one series per check
 * (`database`, `redis` when Redis is configured, `server` while draining), 1 when it passes.
 */
export function registerReadinessGauge(registry: Registry, readiness: () => Promise<{ checks: Record<string, { ok: boolean }> }>): void {
  const gauge: Gauge<"check"> = new Gauge({
    name: "clinicflow_ready",
    help: "Readiness checks of this instance as /api/ready reports them (1 passing, 0 failing), by check",
    labelNames: ["check"],
    registers: [registry],
    async collect() {
      const { checks } = await readiness();
      gauge.reset();
      for (const [check, result] of Object.entries(checks)) gauge.set({ check }, result.ok ? 1 : 0);
    },
  });
}

/**
 * Whether this instance's Redis connections are up (ioredis status "ready"), read on each scrape:
 * `pub` carries commands and the adapter's publishes, `sub` the adapter's subscriptions. Either
 * one down means broadcasts between instances are lost.
 */
export function registerRedisConnectionGauge(registry: Registry, connections: Record<string, { status: string }>): void {
  const gauge: Gauge<"connection"> = new Gauge({
    name: "clinicflow_redis_connection_up",
    help: "1 when this instance's Redis connection is ready, else 0, by connection (pub: commands and publishes, sub: the Socket.IO adapter's subscriptions)",
    labelNames: ["connection"],
    registers: [registry],
    collect() {
      for (const [connection, redis] of Object.entries(connections)) gauge.set({ connection }, redis.status === "ready" ? 1 : 0);
    },
  });
}
