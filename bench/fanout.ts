/**
 * Fan-out benchmark: how fast does one broadcast reach every connected staff socket?
 *
 * Measures, in one run and on one machine, the bare stack (socket.io with no auth, in memory
 * and over the Redis adapter with two servers) and Clinicflow's gateway (session handshake
 * against PostgreSQL, rooms, counted emits) in the same two setups, and prints the app's p99
 * as a ratio of the bare p99. Clients and servers share this process, so absolute figures
 * include the clients' own cost; the ratio is the figure to watch.
 *
 *   npm run bench:fanout                      # 500 clients, 10 broadcasts/s, 10 s per scenario
 *   CLIENTS=1000 RATE=10 SECONDS=15 npm run bench:fanout
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { createDb } from "../server/db/client.ts";
import { rooms } from "../server/gateway/rooms.ts";
import { createUser } from "../tests/helpers/factories.ts";
import { startTestGateway } from "../tests/helpers/gateway.ts";
import { sessionCookieFor } from "../tests/helpers/session.ts";
import { opened } from "./lib/connect.ts";
import { boundedInt } from "./lib/env.ts";
import { startBenchInfrastructure } from "./lib/infrastructure.ts";
import { quantiles } from "./lib/quantiles.ts";
import { exitWith } from "./lib/run.ts";
import { now } from "./lib/timing.ts";

const CLIENTS = boundedInt("CLIENTS", 500, 1, 5_000);
const RATE = boundedInt("RATE", 10, 1, 100);
const SECONDS = boundedInt("SECONDS", 10, 1, 60);
const PAYLOAD_BYTES = 100;

interface Target {
  urls: string[];
  cookie?: string;
  broadcast(body: string): void;
  close(): Promise<void>;
}

interface Result {
  scenario: string;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  delivered: number;
  expected: number;
}

async function measure(scenario: string, target: Target): Promise<Result> {
  const sockets: Socket[] = [];
  const latencies: number[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const url = target.urls[i % target.urls.length]!;
    const socket = connect(url, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: target.cookie ? { cookie: target.cookie } : {} });
    socket.on("announcement:new", (a: { body: string }) => latencies.push(now() - Number(a.body.slice(0, a.body.indexOf("|")))));
    sockets.push(socket);
  }
  await Promise.all(sockets.map((s) => opened(s, 30_000, `${scenario}: a client`)));
  await new Promise((r) => setTimeout(r, 500)); // let room joins settle

  const total = RATE * SECONDS;
  const padding = "x".repeat(PAYLOAD_BYTES);
  for (let sent = 0; sent < total; sent++) {
    target.broadcast(`${now()}|${padding}`);
    await new Promise((r) => setTimeout(r, 1000 / RATE));
  }
  const expected = total * CLIENTS;
  const deadline = Date.now() + 10_000;
  while (latencies.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  sockets.forEach((s) => s.close());
  await target.close();

  return { scenario, ...quantiles(latencies), delivered: latencies.length, expected };
}

function announcement(body: string) {
  return { id: "bench", body, createdAt: new Date().toISOString(), author: { id: "bench", displayName: "Bench" } };
}

async function bareServers(count: number, redisUrl?: string): Promise<Target> {
  const servers = await Promise.all(Array.from({ length: count }, async () => {
    const http = createServer();
    const io = new Server(http, { serveClient: false });
    let clients: Redis[] = [];
    if (redisUrl) {
      const pub = new Redis(redisUrl);
      const sub = pub.duplicate();
      clients = [pub, sub];
      io.adapter(createAdapter(pub, sub, { key: `bench:bare:${process.pid}` }));
    }
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    return { io, clients, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
  }));
  return {
    urls: servers.map((s) => s.url),
    broadcast: (body) => void servers[0]!.io.emit("announcement:new", announcement(body)),
    close: async () => {
      for (const s of servers) {
        await new Promise<void>((r) => void s.io.close(() => r()));
        s.clients.forEach((c) => c.disconnect());
      }
    },
  };
}

async function main() {
  const failures: string[] = [];
  const infra = await startBenchInfrastructure("clinicflow_bench");
  const db = createDb(infra.databaseUrl, { poolMax: 10 });
  try {
    const staff = await createUser(db, "RECEPTIONIST");
    const cookie = await sessionCookieFor(staff);

    const appGateways = async (count: number, redis?: boolean): Promise<Target> => {
      const keyPrefix = `bench:app:${process.pid}:`;
      const gateways = await Promise.all(Array.from({ length: count }, () => startTestGateway(db, redis ? { url: infra.redisUrl, keyPrefix } : undefined)));
      return {
        urls: gateways.map((g) => g.url),
        cookie,
        broadcast: (body) => gateways[0]!.realtime.emit(rooms.staff(), "announcement:new", announcement(body)),
        close: async () => {
          for (const g of gateways) await g.close();
        },
      };
    };

    console.log(`fan-out: ${CLIENTS} clients, ${RATE} broadcasts/s for ${SECONDS} s, ${PAYLOAD_BYTES}-byte payloads (node ${process.version}, ${os.cpus().length} cores)`);
    const results = [
      await measure("bare socket.io, in memory", await bareServers(1)),
      await measure("clinicflow gateway, in memory", await appGateways(1)),
      await measure("bare socket.io, 2 instances via Redis", await bareServers(2, infra.redisUrl)),
      await measure("clinicflow gateway, 2 instances via Redis", await appGateways(2, true)),
    ];
    const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
    console.log(`${"scenario".padEnd(44)}${"p50".padStart(9)}${"p95".padStart(9)}${"p99".padStart(9)}${"max".padStart(9)}  delivered`);
    for (const r of results) {
      console.log(`${r.scenario.padEnd(44)}${ms(r.p50)}${ms(r.p95)}${ms(r.p99)}${ms(r.max)}  ${r.delivered}/${r.expected}`);
    }
    const ratio = (app: Result, bare: Result) => (app.p99 / bare.p99).toFixed(2);
    console.log(`p99 ratio app/bare: in memory ${ratio(results[1]!, results[0]!)}×, via Redis ${ratio(results[3]!, results[2]!)}×`);
    const lost = results.filter((r) => r.delivered < r.expected);
    if (lost.length) failures.push(`undelivered broadcasts in: ${lost.map((r) => r.scenario).join(", ")}`);
  } finally {
    await db.$disconnect();
    await infra.stop();
  }
  exitWith(failures);
}

await main();
