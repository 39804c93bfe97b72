import { describe, expect, it } from "vitest";
import { callNext, checkIn, drillSuite, sendMessage } from "../helpers/drill-cluster.ts";
import { expectBoardsMatchDatabase, expectConversationsMatchDatabase, startLiveClient } from "../helpers/live-clients.ts";
import { HEALTH_CHECK } from "../helpers/load-balancer.ts";
import { eventually, sleep } from "../helpers/ports.ts";

/**
 * Drill: one of two instances behind haproxy is killed (SIGKILL: no drain, no goodbye) while
 * staff keep working. Its clients reconnect through the balancer to the other instance and
 * resync — queue snapshot by seq, message catch-up by eventSeq — and nothing is lost: every
 * board and every conversation ends equal to PostgreSQL, every message a sender saw saved is
 * there exactly once, and haproxy takes the dead instance out within about fall × inter.
 */
const suite = drillSuite("drill_kill");

describe("an instance is killed", () => {
  it("moves its clients to the other instance through the balancer; they resync and nothing is lost", async () => {
    const { t, cluster, clinic, clients } = suite;
    for (const [i, s] of clinic.staff.entries()) {
      clients.push(startLiveClient({ name: `staff${i}`, url: cluster.lb.url, cookie: s.cookie, boards: [clinic.departmentId], conversations: [clinic.conversationId] }));
    }
    await Promise.all(clients.map((c) => c.connected()));
    expect(clients.map((c) => c.backends.at(-1)).sort()).toEqual(["a", "a", "b", "b"]);
    const victims = clients.filter((c) => c.backends.at(-1) === "a");

    // Staff keep working through the balancer the whole time: reception checks in and calls
    // patients over HTTP, everyone writes messages over their sockets.
    let working = true;
    const http: { at: number; status: number }[] = [];
    const reception = (async () => {
      for (let i = 0; working && i < 400; i++) {
        const r = i % 3 === 2 ? await callNext(cluster.lb.url, clinic, `Desk ${i}`).catch(() => ({ status: 0 })) : await checkIn(t.db, cluster.lb.url, clinic).catch(() => ({ status: 0 }));
        http.push({ at: Date.now(), status: r.status });
        await sleep(100);
      }
    })();
    const sent: string[] = [];
    const writers = clients.map(async (c, n) => {
      for (let i = 0; working && i < 100; i++) {
        const { message } = await sendMessage(c.socket, clinic.conversationId, `${c.name} #${i}`, 40);
        sent.push(message.id);
        await sleep(250 + n * 20);
      }
    });

    await sleep(1_500);
    const killedAt = Date.now();
    expect(await cluster.a.stop("SIGKILL")).toBeNull();

    // haproxy notices within about fall × inter (plus one interval of phase).
    await cluster.untilStates({ a: "DOWN", b: "UP" }, 5_000);
    const markedDownMs = Date.now() - killedAt;
    expect(markedDownMs).toBeLessThan((HEALTH_CHECK.fall + 2) * HEALTH_CHECK.interMs);

    // The killed instance's clients are back, on B, through the same address.
    await eventually(() => victims.forEach((c) => expect([c.connects, c.backends.at(-1)]).toEqual([2, "b"])), 10_000, 50);
    const reconnectedMs = Date.now() - killedAt;

    await sleep(2_000);
    working = false;
    await Promise.all([reception, ...writers]);

    // Every client's board and conversation equal PostgreSQL.
    const settleStarted = Date.now();
    await eventually(async () => {
      await expectBoardsMatchDatabase(t.db, clinic.departmentId, clients);
      await expectConversationsMatchDatabase(t.db, clinic.conversationId, clients);
    }, 5_000, 50);
    const settledMs = Date.now() - settleStarted;

    // Every message a sender saw saved is there once (retries after the kill included).
    const rows = await t.db.message.findMany({ where: { conversationId: clinic.conversationId }, select: { id: true, body: true } });
    expect(new Set(sent).size).toBe(sent.length);
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining(sent));
    expect(new Set(rows.map((r) => r.body)).size).toBe(rows.length);
    expect(sent.length).toBeGreaterThan(20);

    // HTTP through the balancer: once B alone serves, every request succeeds; only a request
    // in flight on A at the kill may have failed.
    const failures = http.filter((r) => r.status >= 500 || r.status === 0);
    expect(failures.length).toBeLessThanOrEqual(1);
    expect(http.filter((r) => r.at > killedAt + markedDownMs).every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect(cluster.b.child.exitCode).toBeNull();
    console.info(
      `kill drill: haproxy marked A down after ${markedDownMs} ms; its clients were back on B after ${reconnectedMs} ms; ` +
        `views equal PostgreSQL ${settledMs} ms after work stopped; ${http.length} HTTP requests (${failures.length} failed: ${JSON.stringify(failures.map((f) => f.status))}), ${sent.length} messages`,
    );
  }, 120_000);
});
