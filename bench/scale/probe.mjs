/**
 * Loaded into every measured server process (app instances and bare baselines) by bench/scale.ts
 * through NODE_OPTIONS="--expose-gc --import <this file>", so the server's own code is unchanged.
 * It answers on 127.0.0.1:SCALE_PROBE_PORT with what /metrics does not expose: the event-loop
 * utilization (cumulative idle/active ms, as performance.eventLoopUtilization() gives them), and
 * on /gc it first runs a full garbage collection, so memory read right after is what is retained.
 *
 * Plain JavaScript because NODE_OPTIONS imports load before tsx is registered. Node 20 also runs
 * --import modules in the module-hooks thread: only the main thread listens.
 */
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { isMainThread } from "node:worker_threads";

const port = Number(process.env.SCALE_PROBE_PORT);

if (isMainThread && Number.isInteger(port) && port > 0) {
  const probe = createServer((req, res) => {
    if (req.url === "/gc" && typeof globalThis.gc === "function") {
      globalThis.gc();
      globalThis.gc();
    }
    const { idle, active } = performance.eventLoopUtilization();
    const memory = process.memoryUsage();
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ idle, active, rss: memory.rss, heapUsed: memory.heapUsed }));
  });
  probe.listen(port, "127.0.0.1");
  probe.unref();
}
