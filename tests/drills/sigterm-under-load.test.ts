import { describe, expect, it } from "vitest";
import { createPatientRecord } from "../helpers/factories.ts";
import { slowPost } from "../helpers/slow-request.ts";
import { callNext, checkIn, drillSuite, sendMessage } from "../helpers/drill-cluster.ts";
import { expectBoardsMatchDatabase, expectConversationsMatchDatabase, startLiveClient } from "../helpers/live-clients.ts";
import { eventually, sleep } from "../helpers/ports.ts";

/**
 * Drill: SIGTERM to one of two instances behind haproxy while staff are working. Requests in
 * flight on it finish (201), its sockets are told `server:draining` and reconnect through the
 * balancer to the other instance, no request through the balancer fails, everyone's view ends
 * equal to PostgreSQL, and the process exits 0.
 */
const suite = drillSuite("drill_sigterm");

describe("SIGTERM during traffic", () => {
  it("finishes in-flight requests, moves sockets to the other instance, loses nothing, and exits 0", async () => {
    const { t, cluster, clinic, clients } = suite;
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
      slow.push(slowPost(cluster.lb.port, "/api/queue/check-ins", JSON.stringify({ departmentId: clinic.departmentId, patientId: patient.id }), { Cookie: clinic.receptionCookie }));
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
