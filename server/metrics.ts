import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Everything /metrics exposes, in one registry created at boot. */
export interface Metrics {
  registry: Registry;
  httpRequestDuration: Histogram<"method" | "route" | "status">;
  socketConnections: Gauge;
  socketEventsReceived: Counter<"event">;
  socketEventsEmitted: Counter<"event">;
  socketAdapter: Gauge<"adapter">;
  signInFailures: Counter<"reason">;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
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
  };
}
