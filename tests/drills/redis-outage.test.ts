import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkIn, createDrillClinic, sendMessage, startDrillCluster, type DrillClinic, type DrillCluster } from "../helpers/drill-cluster.ts";
import { expectBoardsMatchDatabase, expectConversationsMatchDatabase, startLiveClient, type LiveClient } from "../helpers/live-clients.ts";
import { eventually, sleep } from "../helpers/ports.ts";
import { startRedisServer, type RedisServer } from "../helpers/redis-server.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";

/**
 * Drill: Redis (the Socket.IO adapter between the instances) stops for 15 seconds, then
 * starts again on the same port. Two instances behind haproxy; four live clients, two on each.
 *
 * - No instance crashes, although the adapter's publish() (no .catch) rejects once ioredis
 *   gives up on its queued commands (~10 s into the outage).
 * - Delivery within one instance keeps working; /api/ready reports Redis on both instances.
 * - Changes made on one instance while Redis is away never reach the other instance's clients
 *   live; within 5 s of Redis returning, every client's queue board and conversation equal
 *   PostgreSQL, because each instance tells its own clients `server:resync` once its Redis
 *   connections are back.
 */
const OUTAGE_MS = 15_000;
const CONVERGE_WITHIN_MS = 5_000;

let t: TestDatabase;
let redis: RedisServer;
let cluster: DrillCluster;
let clinic: DrillClinic;
const clients: LiveClient[] = [];

beforeAll(async () => {
  t = await createTestDatabase("drill_redis");
  // Its own redis-server: this drill stops it. The suite's shared Redis is never touched.
  redis = await startRedisServer();
  clinic = await createDrillClinic(t.db);
  cluster = await startDrillCluster({ databaseUrl: t.url, redisUrl: redis.url, redisKeyPrefix: uniqueRedisPrefix("drill_redis") });
}, 120_000);

afterAll(async () => {
  clients.forEach((c) => c.close());
  await cluster?.stop();
  await redis?.stop();
  await t?.drop();
}, 90_000);

async function ready(url: string): Promise<{ status: number; body: { status: string; checks: Record<string, { ok: boolean; reason?: string }> } }> {
  const res = await fetch(`${url}/api/ready`);
  return { status: res.status, body: (await res.json()) as never };
}

describe("Redis stops for 15 seconds", () => {
  it("keeps every process up and same-instance delivery working, reports the outage, and every client matches PostgreSQL within 5 s of Redis returning", async () => {
    const { a, b } = cluster;
    for (const [i, s] of clinic.staff.entries()) {
      clients.push(startLiveClient({ name: `staff${i}`, url: cluster.lb.url, cookie: s.cookie, boards: [clinic.departmentId], conversations: [clinic.conversationId] }));
    }
    await Promise.all(clients.map((c) => c.connected()));
    // Round robin through haproxy: two clients on each instance.
    const on = (name: string) => clients.filter((c) => c.backends.at(-1) === name);
    expect(clients.map((c) => c.backends.at(-1)).sort()).toEqual(["a", "a", "b", "b"]);
    const [onA, onB] = [on("a"), on("b")];

    // Before the drill: a change and a message through the balancer reach everyone.
    expect((await checkIn(t.db, cluster.lb.url, clinic)).status).toBe(201);
    await sendMessage(onA[0]!.socket, clinic.conversationId, "before the outage");
    await eventually(async () => {
      await expectBoardsMatchDatabase(t.db, clinic.departmentId, clients);
      await expectConversationsMatchDatabase(t.db, clinic.conversationId, clients);
    }, 10_000, 100);

    // Redis goes away.
    await redis.stop();
    const stoppedAt = Date.now();

    // /api/ready names Redis on both instances while it is away (and the database as fine),
    // answering 200 "degraded": both stay in the balancer's rotation.
    for (const app of [a, b]) {
      const down = await eventually(async () => {
        const r = await ready(app.url);
        expect(r.body.status).toBe("degraded");
        return r;
      }, 5_000, 100);
      expect(down.status).toBe(200);
      expect(down.body.checks.redis).toEqual({ ok: false, reason: expect.any(String) });
      expect(down.body.checks.database).toEqual({ ok: true });
    }

    // Changes during the outage, made on each instance directly (to know which one made each)
    // — and checked to reach that instance's own
    // clients live. The last queue change is made on B and the last message sent on A, so
    // clients on A miss a queue change and clients on B miss a message with no later event to
    // reveal the gap: only server:resync can bring them up to date.
    const madeOn: { a: string[]; b: string[] } = { a: [], b: [] };
    const sendLatencies: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const [name, app, own] of [["a", a, onA], ["b", b, onB]] as const) {
        const checkedIn = await checkIn(t.db, app.url, clinic);
        expect(checkedIn.status).toBe(201);
        const seq = Number((await t.db.queueSequence.findUniqueOrThrow({ where: { departmentId: clinic.departmentId } })).seq);
        madeOn[name].push(`queue:${seq}`);
        await eventually(() => own.forEach((c) => expect(c.received).toContain(`queue:${seq}`)), 2_000, 20);
      }
      for (const [name, own] of [["b", onB], ["a", onA]] as const) {
        const sent = await sendMessage(own[0]!.socket, clinic.conversationId, `during the outage, round ${round}, from ${name}`);
        sendLatencies.push(sent.ms);
        const key = `message:${sent.message.id}:${sent.message.eventSeq}`;
        madeOn[name].push(key);
        await eventually(() => own.forEach((c) => expect(c.received).toContain(key)), 2_000, 20);
      }
    }
    expect(Date.now() - stoppedAt).toBeLessThan(OUTAGE_MS);

    // Let ioredis give up on the queued publishes (it fails them after 20 reconnect attempts,
    // ~10.5 s): from then on the lost broadcasts are lost for good.
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt)));
    const balancerDuringOutage = await cluster.lb.serverStates();
    // The balancer kept both instances in rotation (readiness is degraded, not unavailable).
    expect(balancerDuringOutage).toEqual({ a: "UP", b: "UP" });
    // Nobody was disconnected by the outage (haproxy keeps established tunnels).
    expect(clients.map((c) => c.connects)).toEqual([1, 1, 1, 1]);
    // The other instance's clients did not get those changes live.
    for (const c of onB) for (const key of madeOn.a) expect(c.received).not.toContain(key);
    for (const c of onA) for (const key of madeOn.b) expect(c.received).not.toContain(key);
    // …and without a resync some views are behind PostgreSQL now.
    const behind = await Promise.all(
      clients.map(async (c) => {
        try {
          await expectBoardsMatchDatabase(t.db, clinic.departmentId, [c]);
          await expectConversationsMatchDatabase(t.db, clinic.conversationId, [c]);
          return false;
        } catch {
          return true;
        }
      }),
    );
    expect(behind).toEqual([true, true, true, true]);

    // Redis returns on the same port (empty: nothing was persisted).
    const restartedAt = Date.now();
    redis = await startRedisServer(redis.port);
    await eventually(async () => {
      await expectBoardsMatchDatabase(t.db, clinic.departmentId, clients);
      await expectConversationsMatchDatabase(t.db, clinic.conversationId, clients);
    }, CONVERGE_WITHIN_MS, 50);
    const convergedMs = Date.now() - restartedAt;
    expect(clients.map((c) => c.resyncNotices)).toEqual([1, 1, 1, 1]);
    expect(clients.map((c) => c.connects)).toEqual([1, 1, 1, 1]);

    // Readiness and the balancer follow.
    for (const app of [a, b]) await eventually(async () => expect((await ready(app.url)).status).toBe(200), 10_000, 100);
    await cluster.untilStates({ a: "UP", b: "UP" }, 10_000);

    // Cross-instance delivery works again: a change through the balancer reaches all four live.
    const after = await checkIn(t.db, cluster.lb.url, clinic);
    expect(after.status).toBe(201);
    const seq = Number((await t.db.queueSequence.findUniqueOrThrow({ where: { departmentId: clinic.departmentId } })).seq);
    await eventually(() => clients.forEach((c) => expect(c.received).toContain(`queue:${seq}`)), 5_000, 20);
    await expectBoardsMatchDatabase(t.db, clinic.departmentId, clients);

    // No process crashed; the adapter's failed publishes were logged, not fatal.
    expect([a.child.exitCode, a.child.signalCode, b.child.exitCode, b.child.signalCode]).toEqual([null, null, null, null]);
    const logs = [...a.logs, ...b.logs].join("\n");
    expect(logs).toContain("redis adapter connection restored");
    console.info(
      `redis drill: converged ${convergedMs} ms after Redis returned; message sends during the outage took ${sendLatencies.join(", ")} ms; ` +
        `unhandled rejections logged: ${(logs.match(/unhandled promise rejection/g) ?? []).length}; haproxy during the outage: ${JSON.stringify(balancerDuringOutage)}`,
    );
  }, 120_000);
});
