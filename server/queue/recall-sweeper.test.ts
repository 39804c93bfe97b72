import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db/client.ts";
import { createLogger } from "../logger.ts";
import { callNext } from "./call-ticket.ts";
import { changeTicket } from "./change-ticket.ts";
import { recallOverdueTickets, startRecallSweeper } from "./recall-sweeper.ts";
import { recordingRealtime } from "../../tests/helpers/booking-fixtures.ts";
import { eventually } from "../../tests/helpers/ports.ts";
import { boardEvents, createQueueClinic, type QueueClinic } from "../../tests/helpers/queue-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";

const SECOND = 1_000;
const INTERVAL = 60; // the location's recallIntervalSeconds
const MAX_RECALLS = 2;

let t: TestDatabase;
let clinic: QueueClinic;
/** A second pool on the same database: another instance. */
let otherInstanceDb: Db;

beforeAll(async () => {
  t = await createTestDatabase("recall");
  otherInstanceDb = createDb(t.url, { poolMax: 10 });
  clinic = await createQueueClinic(t.db, { recallIntervalSeconds: INTERVAL, maxRecalls: MAX_RECALLS });
});
afterAll(async () => {
  await otherInstanceDb?.$disconnect();
  await t?.drop();
});

/** A department with one walk-in, called at `calledAt` by a desk whose pushes are recorded. */
async function calledWalkIn(prefix: string, calledAt = Date.now()) {
  const departmentId = await clinic.newDepartment(prefix);
  const [id] = await clinic.walkIns(departmentId, 1);
  const realtime = recordingRealtime();
  const deps = { db: t.db, realtime };
  await callNext(deps, clinic.reception, departmentId, { calledTo: "Room 1" }, calledAt);
  return { departmentId, id: id!, realtime, deps, calledAt };
}

async function ticketState(id: string) {
  return t.db.ticket.findUniqueOrThrow({ where: { id }, select: { state: true, callCount: true, calledAt: true, finishedAt: true } });
}

describe("automatic recall", () => {
  it("calls a patient again once the location's interval has passed since the call, not before", async () => {
    const { departmentId, id, realtime, deps, calledAt } = await calledWalkIn("A");

    await recallOverdueTickets(deps, calledAt + (INTERVAL - 1) * SECOND);
    expect(await ticketState(id)).toMatchObject({ state: "CALLED", callCount: 1, calledAt: new Date(calledAt) });

    await recallOverdueTickets(deps, calledAt + INTERVAL * SECOND);
    expect(await ticketState(id)).toMatchObject({ state: "CALLED", callCount: 2, calledAt: new Date(calledAt + INTERVAL * SECOND) });
    // seq 1 was the check-in.
    expect(boardEvents(realtime, departmentId)).toEqual([[2, "called", id, 1], [3, "recalled", id, 2]]);
    // Displays and patients' pages hear of it too, without names.
    const shown = realtime.events.filter((e) => e.event === "queue:public-changed").at(-1)!;
    expect(shown).toMatchObject({ room: `queue-public:${departmentId}`, payload: { seq: 3, kind: "recalled", ticket: { id, callCount: 2, calledTo: "Room 1" } } });
    expect(JSON.stringify(shown)).not.toMatch(/firstName|lastName|medicalRecordNumber/);
  });

  it("recalls at most maxRecalls times, one interval apart, then marks the ticket no-show; reception can put it back", async () => {
    const { departmentId, id, realtime, deps, calledAt: start } = await calledWalkIn("B");
    const at = (seconds: number) => recallOverdueTickets(deps, start + seconds * SECOND);

    await at(INTERVAL); // recall 1
    await at(INTERVAL + INTERVAL / 2); // half an interval after the recall: nothing
    await at(2 * INTERVAL); // recall 2 = maxRecalls
    expect(await ticketState(id)).toMatchObject({ state: "CALLED", callCount: 1 + MAX_RECALLS });
    await at(3 * INTERVAL - 1); // not yet
    expect((await ticketState(id)).state).toBe("CALLED");
    await at(3 * INTERVAL); // given up
    await at(10 * INTERVAL); // and left alone after that
    expect(await ticketState(id)).toMatchObject({ state: "NO_SHOW", callCount: 1 + MAX_RECALLS, finishedAt: new Date(start + 3 * INTERVAL * SECOND) });
    expect(boardEvents(realtime, departmentId).map(([seq, kind, , calls]) => [seq, kind, calls])).toEqual([
      [2, "called", 1],
      [3, "recalled", 2],
      [4, "recalled", 3],
      [5, "no-show", 3],
    ]);

    const back = await changeTicket(deps, clinic.reception, id, { action: "requeue" });
    expect(back).toMatchObject({ state: "WAITING", callCount: 0 });
  });

  it("leaves tickets that were started, finished or cancelled meanwhile alone", async () => {
    const departmentId = await clinic.newDepartment("C");
    const [started, cancelled] = await clinic.walkIns(departmentId, 2);
    const realtime = recordingRealtime();
    const deps = { db: t.db, realtime };
    const start = Date.now();
    await callNext(deps, clinic.reception, departmentId, { calledTo: "Room 1" }, start);
    await callNext(deps, clinic.reception, departmentId, { calledTo: "Room 2" }, start);
    await changeTicket(deps, clinic.reception, started!, { action: "start" });
    await changeTicket(deps, clinic.reception, cancelled!, { action: "cancel" });
    const before = boardEvents(realtime, departmentId).length;
    await recallOverdueTickets(deps, start + 5 * INTERVAL * SECOND);
    expect(boardEvents(realtime, departmentId)).toHaveLength(before);
    expect((await ticketState(started!)).state).toBe("IN_SERVICE");
    expect((await ticketState(cancelled!)).state).toBe("CANCELLED");
  });
});

describe("several instances sweeping at once", () => {
  it("two sweeps of the same moment recall each overdue ticket once, and the next interval once more", async () => {
    const departmentId = await clinic.newDepartment("D");
    const ids = await clinic.walkIns(departmentId, 10);
    const calling = { db: t.db, realtime: recordingRealtime() };
    const start = Date.now();
    for (let i = 0; i < ids.length; i++) await callNext(calling, clinic.reception, departmentId, { calledTo: `Desk ${i + 1}` }, start);

    const a = { db: t.db, realtime: recordingRealtime() };
    const b = { db: otherInstanceDb, realtime: recordingRealtime() };
    const recalls = () => [...boardEvents(a.realtime, departmentId), ...boardEvents(b.realtime, departmentId)].filter(([, kind]) => kind === "recalled");

    await Promise.all([recallOverdueTickets(a, start + INTERVAL * SECOND), recallOverdueTickets(b, start + INTERVAL * SECOND)]);
    expect(recalls()).toHaveLength(10);
    expect(new Set(recalls().map(([, , id]) => id))).toEqual(new Set(ids));
    // A moment later, both again: nothing is due until a full interval after the recall.
    await Promise.all([recallOverdueTickets(a, start + (INTERVAL + 1) * SECOND), recallOverdueTickets(b, start + (INTERVAL + 2) * SECOND)]);
    expect(recalls()).toHaveLength(10);
    await Promise.all([recallOverdueTickets(a, start + 2 * INTERVAL * SECOND), recallOverdueTickets(b, start + 2 * INTERVAL * SECOND)]);
    expect(recalls()).toHaveLength(20);

    // Every change has its own number: seqs are unique and without gaps across both instances.
    const seqs = recalls().map(([seq]) => seq).sort((x, y) => x - y);
    expect(new Set(seqs).size).toBe(20);
    expect(seqs.at(-1)! - seqs[0]! + 1).toBe(20);
    const rows = await t.db.ticket.findMany({ where: { id: { in: ids } }, select: { callCount: true } });
    expect(rows.map((r) => r.callCount)).toEqual(Array(10).fill(3));
  });

  it("two running sweepers (one per instance, on their timers) recall an overdue ticket once per interval, never twice", async () => {
    const departmentId = await clinic.newDepartment("E");
    const ids = await clinic.walkIns(departmentId, 5);
    const calling = { db: t.db, realtime: recordingRealtime() };
    // Called longer ago than the interval: overdue the moment the sweepers start.
    const calledAt = Date.now() - (INTERVAL + 5) * SECOND;
    for (let i = 0; i < ids.length; i++) await callNext(calling, clinic.reception, departmentId, { calledTo: `Room ${i + 1}` }, calledAt);

    const logger = createLogger("silent");
    const a = { db: t.db, realtime: recordingRealtime() };
    const b = { db: otherInstanceDb, realtime: recordingRealtime() };
    const sweepers = [startRecallSweeper({ ...a, logger, intervalMs: 25 }), startRecallSweeper({ ...b, logger, intervalMs: 25 })];
    try {
      const recalled = () => [...boardEvents(a.realtime, departmentId), ...boardEvents(b.realtime, departmentId)].filter(([, kind]) => kind === "recalled");
      await eventually(() => expect(recalled()).toHaveLength(5), 5_000, 25);
      // Dozens more sweeps by both: none of them recalls again within the interval.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(recalled()).toHaveLength(5);
      expect(new Set(recalled().map(([, , id]) => id)).size).toBe(5);
    } finally {
      await Promise.all(sweepers.map((s) => s.stop()));
    }
    const rows = await t.db.ticket.findMany({ where: { id: { in: ids } }, select: { callCount: true } });
    expect(rows.map((r) => r.callCount)).toEqual(Array(5).fill(2));
  });
});
