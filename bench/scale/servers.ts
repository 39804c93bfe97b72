import { spawn } from "node:child_process";
import path from "node:path";
import { z } from "zod";
import { startAppProcess } from "../../tests/helpers/app-process.ts";
import { freePort } from "../../tests/helpers/ports.ts";
import { exited, terminate, track } from "./processes.ts";

const PROBE = path.join(import.meta.dirname, "probe.mjs");
/** prom-client's default eventLoopMonitoringPrecision (server/metrics.ts and bare-server.ts keep it). */
const LAG_SAMPLING_MS = 10;

/** One measured server process: a Clinicflow instance or a bare Socket.IO baseline. */
export interface ServerUnderTest {
  name: string;
  url: string;
  /** The /metrics series that counts its connected Socket.IO clients. */
  connectedMetric: string;
  probeUrl: string;
  /** SIGKILL: gone at once, like a crashed instance or a lost node. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** What one look at a server process gives. Times in epoch ms, sizes in bytes. */
export interface ServerSample {
  at: number;
  rss: number;
  heapUsed: number;
  cpuSeconds: number;
  /**
   * Event-loop delay in ms since the previous scrape (prom-client's monitorEventLoopDelay resets on
   * each), less its 10 ms sampling interval, which every value it records includes.
   */
  lagP99: number;
  lagMax: number;
  eluIdle: number;
  eluActive: number;
  connected: number;
}

/** The measured process loads bench/scale/probe.mjs (event-loop utilization, forced GC) before its own code. */
async function probeEnv(): Promise<{ env: Record<string, string>; probeUrl: string }> {
  const port = await freePort();
  return { env: { NODE_OPTIONS: `--expose-gc --import ${PROBE}`, SCALE_PROBE_PORT: String(port) }, probeUrl: `http://127.0.0.1:${port}` };
}

export async function startApp(name: string, options: { databaseUrl: string; redisUrl?: string; redisKeyPrefix: string; poolMax: number }): Promise<ServerUnderTest> {
  const probe = await probeEnv();
  const app = await startAppProcess({
    databaseUrl: options.databaseUrl,
    redisUrl: options.redisUrl,
    redisKeyPrefix: options.redisKeyPrefix,
    env: { ...probe.env, DATABASE_POOL_MAX: String(options.poolMax) },
    startTimeoutMs: 60_000,
  });
  track(app.child);
  return {
    name,
    url: app.url,
    connectedMetric: "clinicflow_socketio_connected_clients",
    probeUrl: probe.probeUrl,
    kill: async () => void (await app.stop("SIGKILL")),
    stop: async () => void (await app.stop("SIGTERM")),
  };
}

export async function startBare(name: string, options: { redisUrl?: string; redisKey: string; pageBytes: number; apiBytes: number }): Promise<ServerUnderTest> {
  const probe = await probeEnv();
  const port = await freePort();
  const child = track(
    spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "bare-server.ts")], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        NODE_ENV: "production",
        PORT: String(port),
        REDIS_KEY: options.redisKey,
        PAGE_BYTES: String(options.pageBytes),
        API_BYTES: String(options.apiBytes),
        ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
        ...probe.env,
      },
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited(child).then((code) => reject(new Error(`${name} exited with ${code} before listening`)));
  });
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    connectedMetric: "bare_socketio_connected_clients",
    probeUrl: probe.probeUrl,
    kill: async () => {
      child.kill("SIGKILL");
      await exited(child);
    },
    stop: () => terminate(child, 5_000),
  };
}

/** The value of an unlabelled series in Prometheus text format (NaN when absent). */
function series(text: string, name: string): number {
  const match = text.match(new RegExp(`^${name} ([^\\s]+)`, "m"));
  return match ? Number(match[1]) : Number.NaN;
}

const probeSchema = z.object({ idle: z.number(), active: z.number() });

async function readProbe(url: string): Promise<z.infer<typeof probeSchema>> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return probeSchema.parse(await res.json());
}

/**
 * Reads a server from its own /metrics (prom-client: RSS, heap, CPU, event-loop lag, connected
 * clients) and the probe (event-loop utilization). `gc`: force a full GC first, so that the
 * heap and RSS read are what the process retains, not garbage not yet collected.
 */
export async function sampleServer(server: ServerUnderTest, options: { gc?: boolean } = {}): Promise<ServerSample> {
  const probe = await readProbe(`${server.probeUrl}/${options.gc ? "gc" : "elu"}`);
  const res = await fetch(`${server.url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`${server.name} /metrics answered ${res.status}`);
  const text = await res.text();
  return {
    at: performance.timeOrigin + performance.now(),
    rss: series(text, "process_resident_memory_bytes"),
    heapUsed: series(text, "nodejs_heap_size_used_bytes"),
    cpuSeconds: series(text, "process_cpu_seconds_total"),
    lagP99: Math.max(0, series(text, "nodejs_eventloop_lag_p99_seconds") * 1000 - LAG_SAMPLING_MS),
    lagMax: Math.max(0, series(text, "nodejs_eventloop_lag_max_seconds") * 1000 - LAG_SAMPLING_MS),
    eluIdle: probe.idle,
    eluActive: probe.active,
    connected: series(text, server.connectedMetric),
  };
}

/**
 * Memory as the process retains it: a forced full GC, then readings half a second apart until RSS
 * moves by less than 1 MB (V8 and the allocator hand freed pages back to the OS with a delay), at
 * most five.
 */
export async function settledSample(server: ServerUnderTest): Promise<ServerSample> {
  let last = await sampleServer(server, { gc: true });
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const next = await sampleServer(server, { gc: true });
    const stable = Math.abs(next.rss - last.rss) < 2 ** 20;
    last = next;
    if (stable) break;
  }
  return last;
}

/** Event-loop utilization and CPU (share of one core) between two samples of one server. */
export function between(start: ServerSample, end: ServerSample): { elu: number; cpu: number } {
  const active = end.eluActive - start.eluActive;
  const idle = end.eluIdle - start.eluIdle;
  return { elu: active / (active + idle), cpu: (end.cpuSeconds - start.cpuSeconds) / ((end.at - start.at) / 1000) };
}
