import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../server/db/client.ts";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../server/db/embedded.ts";
import { migrate } from "../../server/db/migrate.ts";
import { DATABASE_UNAVAILABLE_MESSAGE } from "../../server/errors.ts";
import type { AckResponse } from "../../server/gateway/contract.ts";
import { checkIn, createDrillClinic, startDrillCluster, type DrillClinic, type DrillCluster } from "../helpers/drill-cluster.ts";
import { expectBoardsMatchDatabase, expectConversationsMatchDatabase, startLiveClient, type LiveClient } from "../helpers/live-clients.ts";
import { NO_INSTANCE_READY } from "../helpers/load-balancer.ts";
import { eventually, freePort, sleep } from "../helpers/ports.ts";
import { uniqueRedisPrefix } from "../helpers/test-db.ts";

/**
 * Drill: PostgreSQL stops (its own embedded server: the suite's shared one is never touched)
 * and starts again on the same port and data folder, behind two instances and haproxy.
 *
 * - Requests fail fast with 503 UNAVAILABLE and a message saying so: from the instances
 *   while haproxy still sends them there, then from haproxy once /api/ready (503, naming the
 *   database) has taken both out; socket acks that need the database answer UNAVAILABLE too.
 * - Nothing crashes, open sockets stay open, a client that tries to connect meanwhile is
 *   refused (UNAVAILABLE) and gets in once the database is back.
 * - When it returns, readiness, the balancer and every client's view recover.
 */
const DATABASE = "clinicflow_drill";
const FAST_MS = 1_000;

let dir: string;
let port: number;
let pg: EmbeddedDatabase;
let db: Db;
let cluster: DrillCluster;
let clinic: DrillClinic;
const clients: LiveClient[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "clinicflow-drill-pg-"));
  port = await freePort();
  pg = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port, database: DATABASE });
  await migrate(pg.url);
  db = createDb(pg.url, { poolMax: 4 });
  clinic = await createDrillClinic(db);
  cluster = await startDrillCluster({ databaseUrl: pg.url, redisUrl: inject("redisUrl"), redisKeyPrefix: uniqueRedisPrefix("drill_pg") });
}, 120_000);

afterAll(async () => {
  clients.forEach((c) => c.close());
  await cluster?.stop();
  await db?.$disconnect();
  await pg?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 90_000);

async function timed(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; ms: number }> {
  const started = Date.now();
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const body = await res.json().catch(() => null);
  return { status: res.status, body, ms: Date.now() - started };
}

describe("PostgreSQL stops", () => {
  it("answers 503 fast with a clear message, crashes nothing, and recovers when it returns", async () => {
    const { a, b, lb } = cluster;
    for (const [i, s] of clinic.staff.entries()) {
      clients.push(startLiveClient({ name: `staff${i}`, url: lb.url, cookie: s.cookie, boards: [clinic.departmentId], conversations: [clinic.conversationId] }));
    }
    await Promise.all(clients.map((c) => c.connected()));
    expect((await checkIn(db, lb.url, clinic)).status).toBe(201);
    await eventually(() => expectBoardsMatchDatabase(db, clinic.departmentId, clients), 5_000, 50);

    await pg.stop();
    const stoppedAt = Date.now();
    const staffHeaders = { cookie: clinic.receptionCookie };

    // Each instance answers for itself at once: 503 UNAVAILABLE, saying what is wrong.
    for (const app of [a, b]) {
      const board = await timed(`${app.url}/api/queue/${clinic.departmentId}`, { headers: staffHeaders });
      expect(board.status).toBe(503);
      expect(board.body).toEqual({ error: { code: "UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE } });
      expect(board.ms).toBeLessThan(FAST_MS);
      const write = await timed(`${app.url}/api/queue/check-ins`, {
        method: "POST",
        headers: { ...staffHeaders, "content-type": "application/json" },
        body: JSON.stringify({ departmentId: clinic.departmentId, patientId: clinic.reception.id }),
      });
      expect([write.status, write.ms < FAST_MS]).toEqual([503, true]);
      const ready = await timed(`${app.url}/api/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: "unavailable", checks: { database: { ok: false, reason: expect.any(String) } } });
      expect(ready.ms).toBeLessThan(2_500);
    }

    // A socket event that needs the database is answered UNAVAILABLE, quickly, on a socket that
    // stays open. (A catch-up, outside the client's own bookkeeping: it changes no rooms.)
    const started = Date.now();
    const sync = await (clients[0]!.socket.timeout(5_000).emitWithAck as (e: string, p: unknown) => Promise<AckResponse<unknown>>)("conversation:sync", { conversationId: clinic.conversationId, afterEventSeq: 0 });
    expect(sync).toEqual({ error: { code: "UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE } });
    expect(Date.now() - started).toBeLessThan(FAST_MS);

    // haproxy takes both out (their /api/ready is 503) and answers for them, as fast.
    await cluster.untilStates({ a: "DOWN", b: "DOWN" }, 5_000);
    const viaBalancer = await timed(`${lb.url}/api/queue/${clinic.departmentId}`, { headers: staffHeaders });
    expect([viaBalancer.status, viaBalancer.body, viaBalancer.ms < FAST_MS]).toEqual([503, NO_INSTANCE_READY, true]);

    // A client opening the app meanwhile is refused (its session cannot be checked) and keeps trying.
    const latecomer = startLiveClient({ name: "latecomer", url: lb.url, cookie: clinic.staff[0]!.cookie, boards: [clinic.departmentId], conversations: [clinic.conversationId] });
    clients.push(latecomer);
    await eventually(() => expect(latecomer.refusals).toBeGreaterThan(1), 5_000, 50);

    // Long enough for the sweepers (every 5 s) to run into the outage too.
    await sleep(Math.max(0, 8_000 - (Date.now() - stoppedAt)));
    for (const app of [a, b]) expect([app.child.exitCode, app.child.signalCode]).toEqual([null, null]);
    expect(clients.slice(0, 4).map((c) => [c.socket.connected, c.connects])).toEqual(Array(4).fill([true, 1]));
    expect(latecomer.socket.connected).toBe(false);

    // PostgreSQL returns on the same port and data folder.
    pg = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port, database: DATABASE });
    const restartedAt = Date.now();
    for (const app of [a, b]) await eventually(async () => expect((await timed(`${app.url}/api/ready`)).status).toBe(200), 10_000, 100);
    await cluster.untilStates({ a: "UP", b: "UP" }, 10_000);
    const backMs = Date.now() - restartedAt;
    await latecomer.connected(10_000);

    // Work goes on through the balancer, and every view — the latecomer's too — equals PostgreSQL.
    expect((await checkIn(db, lb.url, clinic)).status).toBe(201);
    await eventually(async () => {
      await expectBoardsMatchDatabase(db, clinic.departmentId, clients);
      await expectConversationsMatchDatabase(db, clinic.conversationId, clients);
    }, 5_000, 50);
    for (const app of [a, b]) expect([app.child.exitCode, app.child.signalCode]).toEqual([null, null]);
    const logs = [...a.logs, ...b.logs].join("\n");
    const count = (text: string) => logs.split(text).length - 1;
    console.info(
      `postgres drill: instances ready and in rotation ${backMs} ms after PostgreSQL returned; the latecomer was refused ${latecomer.refusals} times meanwhile; ` +
        `logged: ${count("unhandled promise rejection")} unhandled rejections, ${count("route handler failed")} failed route handlers, ${count('"level":"error"')} error lines`,
    );
  }, 120_000);
});
