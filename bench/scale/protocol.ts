/** What bench/scale.ts and its client processes (bench/scale/client-worker.ts) say to each other over IPC. */
export type WorkerCommand =
  | {
      type: "connect";
      url: string;
      count: number;
      /** Where this batch starts in the run's numbering: client n sends cookies[n % cookies.length]. */
      firstIndex: number;
      cookies: string[];
      auth: Record<string, unknown>;
      reconnect: boolean;
      /** Sockets opening at once. */
      batch: number;
      timeoutMs: number;
      /** An acked event sent after every (re)connect; the client counts as connected once it is answered with `{ data }`. */
      resync: { event: string; payload: unknown } | null;
    }
  /** Counts `announcement:new` whose body starts with `tag|`, and their latencies, until collect-stop. */
  | { type: "collect-start"; tag: string }
  | { type: "collect-count" }
  | { type: "collect-stop" }
  /** From now on, note each client's drop, reconnection and resync. */
  | { type: "storm-arm" }
  | { type: "storm-status" }
  | { type: "close" }
  | { type: "usage" };

export type WorkerReply =
  | { type: "ok" }
  | { type: "error"; message: string }
  | { type: "connected"; connected: number; failed: number; errors: string[] }
  | { type: "count"; received: number }
  | { type: "latencies"; latencies: Float64Array; received: number }
  | {
      type: "storm-status";
      clients: number;
      connected: number;
      /** For each client that dropped since storm-arm: when it dropped, reconnected and resynced (0: not yet). */
      droppedAt: Float64Array;
      reconnectedAt: Float64Array;
      resyncedAt: Float64Array;
      resyncFailures: number;
    }
  | { type: "usage"; cpuSeconds: number; rss: number };
