import net from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPatientRecord } from "../helpers/factories.ts";
import { callNext, checkIn, createDrillClinic, sendMessage, startDrillCluster, type DrillClinic, type DrillCluster } from "../helpers/drill-cluster.ts";
import { expectBoardsMatchDatabase, expectConversationsMatchDatabase, startLiveClient, type LiveClient } from "../helpers/live-clients.ts";
import { eventually } from "../helpers/ports.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";

/**
 * Drill: SIGTERM to one of two instances behind haproxy while staff are working. Requests in
 * flight on it finish (201), its sockets are told `server:draining` and reconnect through the
 * balancer to the other instance, no request through the balancer fails, everyone's view ends
 * equal to PostgreSQL, and the process exits 0.
 */
let t: TestDatabase;
let cluster: DrillCluster;
let clinic: DrillClinic;
const clients: LiveClient[] = [];

beforeAll(async () => {
  t = await createTestDatabase("drill_sigterm");
  clinic = await createDrillClinic(t.db);
  cluster = await startDrillCluster({ databaseUrl: t.url, redisUrl: inject("redisUrl"), redisKeyPrefix: uniqueRedisPrefix("drill_sigterm") });
}, 120_000);

afterAll(async () => {
  clients.forEach((c) => c.close());
  await cluster?.stop();
  await t?.drop();
}, 90_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A check-in through the balancer whose body is sent in two halves: in flight until finish(). */
function slowCheckIn(port: number, body: string, cookie: string): { finish: () => void; response: Promise<string> } {
  const socket = net.connect(port, "127.0.0.1");
  const half = Math.floor(body.length / 2);
  socket.write(
    `POST /api/queue/check-ins HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, half)}`,
  );
  let received = "";
  const response = new Promise<string>((resolve, reject) => {
    socket.on("data", (chunk) => (received += chunk.toString()));
    socket.on("end", () => resolve(received));
    socket.on("error", reject);
  });
  return { finish: () => void socket.write(body.slice(half)), response };
}

describe("SIGTERM during traffic", () => {
  it("finishes in-flight requests, moves sockets to the other instance, loses nothing, and exits 0", async () => {
    for (const [i, s] of clinic.staff.entries()) {
      clients.push(startLiveClient({ name: `staff${i}`, url: cluster.lb.url, cookie: s.cookie, boards: [clinic.departmentId], conversations: [clinic.conversationId] }));
    }
    await Promise.all(clients.map((c) => c.connected()));
    expect(clients.map((c) => c.backends.at(-1)).sort()).toEqual(["a", "a", "b", "b"]);
    const leaving = clients.filter((c) => c.backends.at(-1) === "a");

    // Four check-ins are on their way through the balancer (round robin: two reach each instance).
    const slow = [];
    for (let i = 0; i < 4; i++) {
      const patient = await createPatientRecord(t.db);
      slow.push(slowCheckIn(cluster.lb.port, JSON.stringify({ departmentId: clinic.departmentId, patientId: patient.id }), clinic.receptionCookie));
      await sleep(50);
    }

    let working = true;
    const http: { status: number; backend: string | null }[] = [];
    const reception = [0, 1].map(async (desk) => {
      for (let i = 0; working && i < 300; i++) {
        const r = i % 3 === 2 ? await callNext(cluster.lb.url, clinic, `Desk ${desk}`).then((x) => ({ ...x, backend: null })) : await checkIn(t.db, cluster.lb.url, clinic);
        http.push({ status: r.status, backend: r.backend });
        await sleep(50);
      }
    });
    const sent: string[] = [];
    const writers = clients.map(async (c) => {
      for (let i = 0; working && i < 100; i++) {
        sent.push((await sendMessage(c.socket, clinic.conversationId, `${c.name} #${i}`, 40)).message.id);
        await sleep(200);
      }
    });

    await sleep(1_000);
    const exitCode = cluster.a.stop("SIGTERM");

    // Its sockets hear they should reconnect, and do: to B, through the balancer.
    await eventually(() => leaving.forEach((c) => expect(c.received).toContain("server:draining")), 5_000, 20);
    await eventually(() => leaving.forEach((c) => expect([c.connects, c.backends.at(-1)]).toEqual([2, "b"])), 10_000, 50);

    // The check-ins in flight complete, on whichever instance took them, A included.
    await sleep(300);
    slow.forEach((s) => s.finish());
    const answers = await Promise.all(slow.map((s) => s.response));
    expect(answers.map((a) => a.split("\r\n")[0])).toEqual(Array(4).fill("HTTP/1.1 201 Created"));
    expect(answers.filter((a) => /x-clinicflow-backend: a/i.test(a)).length).toBeGreaterThanOrEqual(1);

    expect(await exitCode).toBe(0);
    await sleep(1_000);
    working = false;
    await Promise.all([...reception, ...writers]);

    await eventually(async () => {
      await expectBoardsMatchDatabase(t.db, clinic.departmentId, clients);
      await expectConversationsMatchDatabase(t.db, clinic.conversationId, clients);
    }, 5_000, 50);
    const rows = await t.db.message.findMany({ where: { conversationId: clinic.conversationId }, select: { id: true } });
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining(sent));
    expect(rows.length).toBe(sent.length);

    // No request through the balancer failed, before, during or after the drain.
    const failed = http.filter((r) => r.status !== 200 && r.status !== 201);
    expect(failed).toEqual([]);
    expect(http.filter((r) => r.backend === "a").length).toBeGreaterThan(0);
    const logs = cluster.a.logs.join("\n");
    expect(logs).toContain('"msg":"drained"');
    expect(logs).toContain('"msg":"bye"');
    console.info(`sigterm drill: ${http.length} HTTP requests (${http.filter((r) => r.backend === "a").length} on A), ${sent.length} messages, 0 failed`);
  }, 120_000);
});
