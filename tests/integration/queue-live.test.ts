import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AckResponse, QueueChangedEvent, QueuePublicChangedEvent } from "../../server/gateway/contract.ts";
import type { TicketView } from "../../server/queue/ticket-view.ts";
import { callApi } from "../helpers/api.ts";
import { startAppProcess, type AppProcess } from "../helpers/app-process.ts";
import { createPatientRecord, createUser } from "../helpers/factories.ts";
import { connectClient, connectDisplay, receivesWithin } from "../helpers/gateway.ts";
import { eventually } from "../helpers/ports.ts";
import { createQueueClinic, type QueueClinic } from "../helpers/queue-fixtures.ts";
import { sessionCookieFor, signInOverHttp } from "../helpers/session.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";

/**
 * Two instances sharing PostgreSQL and Redis: queue changes made over HTTP on A reach staff
 * boards, waiting-room displays and patients' pages connected to B, numbered in order, and
 * a client that missed some finds out from the numbers and resyncs from a snapshot.
 */
let t: TestDatabase;
let a: AppProcess;
let b: AppProcess;
let clinic: QueueClinic;
let departmentId: string;
let displayKey: string;
let receptionCookie: string; // signed in over HTTP on A
let staffCookie: string;
let patientCookie: string;
const sockets: { close(): unknown }[] = [];

beforeAll(async () => {
  t = await createTestDatabase("queuelive");
  displayKey = randomBytes(16).toString("hex");
  // Nobody is recalled by the instances' sweepers while these tests run.
  clinic = await createQueueClinic(t.db, { displayKey, recallIntervalSeconds: 3600 });
  departmentId = await clinic.newDepartment("L");
  const patient = await createUser(t.db, "PATIENT");
  const shared = { databaseUrl: t.url, redisUrl: inject("redisUrl"), redisKeyPrefix: uniqueRedisPrefix("queuelive") };
  [a, b] = await Promise.all([startAppProcess(shared), startAppProcess(shared)]);
  receptionCookie = (await signInOverHttp(a.url, clinic.reception.email, clinic.reception.password)).cookie!;
  staffCookie = await sessionCookieFor(clinic.reception);
  patientCookie = await sessionCookieFor(patient);
}, 90_000);

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all([a?.stop(), b?.stop()]);
  await t?.drop();
});

function kept<S extends { close(): unknown }>(socket: S): S {
  sockets.push(socket);
  return socket;
}

/** Every queue event a socket receives, in order (staff sockets also hear presence and messaging). */
function recorder(socket: { onAny(listener: (event: string, payload: unknown) => void): unknown }): { event: string; payload: unknown }[] {
  const got: { event: string; payload: unknown }[] = [];
  socket.onAny((event, payload) => event.startsWith("queue:") && got.push({ event, payload }));
  return got;
}

function dataOf<T>(reply: AckResponse<T>): T {
  if ("error" in reply) throw new Error(`ack failed: ${reply.error.code} ${reply.error.message}`);
  return reply.data;
}

async function checkInWalkIn() {
  const patient = await createPatientRecord(t.db, { firstName: "Zelda", lastName: `Quintrell ${randomBytes(3).toString("hex")}` });
  const res = await callApi<{ ticket: TicketView }>(a.url, "POST", "/api/queue/check-ins", receptionCookie, { departmentId, patientId: patient.id, reason: "Fever" });
  expect(res.status).toBe(201);
  return { ticket: res.json.data!.ticket, patient };
}

async function callNextOnA(calledTo: string): Promise<TicketView> {
  const res = await callApi<{ ticket: TicketView }>(a.url, "POST", `/api/queue/${departmentId}/call-next`, receptionCookie, { calledTo });
  expect(res.status).toBe(200);
  return res.json.data!.ticket;
}

async function latestSeq(): Promise<number> {
  return Number((await t.db.queueSequence.findUniqueOrThrow({ where: { departmentId } })).seq);
}

describe("queue changes across instances", () => {
  it("a check-in and a call made on A reach a staff board, a display and a patient's page on B, numbered one after the other", async () => {
    const board = kept(await connectClient(b.url, staffCookie));
    const boardGot = recorder(board);
    const before = dataOf(await board.emitWithAck("queue:watch", { departmentId }));
    const display = kept(await connectDisplay(b.url, displayKey));
    const displayGot = recorder(display);
    const displayBefore = dataOf(await display.emitWithAck("display:snapshot"));
    const patientPage = kept(await connectClient(b.url, patientCookie));
    const patientGot = recorder(patientPage);
    const publicBefore = dataOf(await patientPage.emitWithAck("queue:watch-public", { departmentId }));
    const s0 = before.seq;
    expect([displayBefore.map((d) => [d.departmentId, d.seq]), publicBefore.seq]).toEqual([[[departmentId, s0]], s0]);

    const { ticket, patient } = await checkInWalkIn();
    expect((await callNextOnA("Room 4")).id).toBe(ticket.id);
    await eventually(() => expect([boardGot.length, displayGot.length, patientGot.length]).toEqual([2, 2, 2]), 5_000, 20);

    expect(boardGot.map((e) => e.event)).toEqual(["queue:changed", "queue:changed"]);
    const boardEvents = boardGot.map((e) => e.payload as QueueChangedEvent);
    expect(boardEvents.map((e) => [e.departmentId, e.seq, e.kind, e.ticket.id])).toEqual([
      [departmentId, s0 + 1, "checked-in", ticket.id],
      [departmentId, s0 + 2, "called", ticket.id],
    ]);
    // The board has the whole ticket, names included.
    expect(boardEvents[1]!.ticket).toMatchObject({ code: ticket.code, state: "CALLED", calledTo: "Room 4", callCount: 1, reason: "Fever", patient: { id: patient.id, firstName: patient.firstName, lastName: patient.lastName, medicalRecordNumber: patient.medicalRecordNumber } });

    for (const got of [displayGot, patientGot]) {
      expect(got.map((e) => e.event)).toEqual(["queue:public-changed", "queue:public-changed"]);
      const events = got.map((e) => e.payload as QueuePublicChangedEvent);
      expect(events.map((e) => [e.departmentId, e.seq, e.kind, e.ticket.id])).toEqual([
        [departmentId, s0 + 1, "checked-in", ticket.id],
        [departmentId, s0 + 2, "called", ticket.id],
      ]);
      expect(Object.keys(events[1]!.ticket).sort()).toEqual(["callCount", "calledAt", "calledTo", "code", "id", "state"]);
      expect(events[1]!.ticket).toMatchObject({ code: ticket.code, state: "CALLED", calledTo: "Room 4" });
    }
    // Nothing personal anywhere in what the display and the patient's page were given, fresh snapshots included.
    const displayAfter = await display.emitWithAck("display:snapshot");
    const publicAfter = await patientPage.emitWithAck("queue:watch-public", { departmentId });
    expect(dataOf(displayAfter)[0]!.tickets.map((x) => x.id)).toContain(ticket.id);
    const seenPublicly = JSON.stringify([displayBefore, displayGot, displayAfter, publicBefore, patientGot, publicAfter]);
    for (const personal of [patient.firstName, patient.lastName, patient.medicalRecordNumber, patient.id, "Fever", "firstName", "lastName", "medicalRecordNumber", "patient"]) {
      expect(seenPublicly).not.toContain(personal);
    }
  });

  it("a board that missed changes resyncs from a snapshot at the latest seq; a display notices the gap at the next event and resyncs", async () => {
    const board = await connectClient(b.url, staffCookie);
    const lastSeen = dataOf(await board.emitWithAck("queue:watch", { departmentId })).seq;
    const display = await connectDisplay(b.url, displayKey);
    const displayLastSeen = dataOf(await display.emitWithAck("display:snapshot"))[0]!.seq;
    board.close();
    display.close();

    // Two changes while they are away.
    const { ticket } = await checkInWalkIn();
    expect((await callNextOnA("Room 5")).id).toBe(ticket.id);

    // The board reconnects and watches again: the snapshot is two ahead of what it had (a gap:
    // replace the list, don't patch it), at the latest seq, and shows both changes.
    const boardAgain = kept(await connectClient(b.url, staffCookie));
    const boardGot = recorder(boardAgain);
    const resync = dataOf(await boardAgain.emitWithAck("queue:watch", { departmentId }));
    expect(resync.seq).toBe(lastSeen + 2);
    expect(resync.seq).toBe(await latestSeq());
    expect(resync.tickets.find((x) => x.id === ticket.id)).toMatchObject({ state: "CALLED", calledTo: "Room 5", callCount: 1 });

    // The display reconnects: it is in its rooms at once, and still believes it is at displayLastSeen.
    const displayAgain = kept(await connectDisplay(b.url, displayKey));
    const displayGot = recorder(displayAgain);
    expect((await callApi(a.url, "POST", `/api/tickets/${ticket.id}/transition`, receptionCookie, { action: "start" })).status).toBe(200);
    await eventually(() => expect([displayGot.length, boardGot.length]).toEqual([1, 1]), 5_000, 20);
    const next = displayGot[0]!.payload as QueuePublicChangedEvent;
    expect(next.seq).toBe(displayLastSeen + 3); // not + 1: two were missed
    const displayResync = dataOf(await displayAgain.emitWithAck("display:snapshot"))[0]!;
    expect(displayResync.seq).toBe(next.seq);
    expect(displayResync.tickets.find((x) => x.id === ticket.id)).toMatchObject({ state: "IN_SERVICE", calledTo: "Room 5" });

    // The resynced board carries on from its snapshot without a gap.
    expect(boardGot[0]).toMatchObject({ event: "queue:changed", payload: { seq: resync.seq + 1, kind: "started" } });
  });

  it("the display namespace refuses a missing, malformed or unknown display key", async () => {
    for (const key of [undefined, "short", randomBytes(16).toString("hex")]) {
      const refused = await connectDisplay(b.url, key).then(
        (socket) => {
          socket.close();
          return null;
        },
        (error: Error & { data?: unknown }) => error,
      );
      expect(refused?.message).toBe("UNAUTHENTICATED");
      expect(refused?.data).toEqual({ code: "UNAUTHENTICATED", message: "Unknown display." });
    }
  });

  it("a patient may not watch the board, and gets no board events", async () => {
    const patientPage = kept(await connectClient(b.url, patientCookie));
    expect(await patientPage.emitWithAck("queue:watch", { departmentId })).toEqual({ error: { code: "FORBIDDEN", message: "Queue boards are for staff." } });
    const boardEventReached = receivesWithin(patientPage, "queue:changed", 1_000);
    await checkInWalkIn();
    expect(await boardEventReached).toBe(false);
  });
});

describe("queue metrics", () => {
  const scrape = async (url: string) => (await fetch(`${url}/metrics`)).text();
  const sample = (text: string, name: string, labels: string) => Number(new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);

  it("/metrics counts the calls on the instance that made them, and shows today's tickets (from the database) on both", async () => {
    const d = `department="${departmentId}"`;
    const before = await scrape(a.url);
    await checkInWalkIn();
    await callNextOnA("Room 6");
    const [onA, onB] = await Promise.all([scrape(a.url), scrape(b.url)]);

    expect(sample(onA, "clinicflow_queue_calls_total", `${d},kind="called"`) - (sample(before, "clinicflow_queue_calls_total", `${d},kind="called"`) || 0)).toBe(1);
    expect(sample(onA, "clinicflow_queue_wait_seconds_count", d) - (sample(before, "clinicflow_queue_wait_seconds_count", d) || 0)).toBe(1);
    expect(onB).not.toContain(`clinicflow_queue_calls_total{${d}`);

    const byState = await t.db.ticket.groupBy({ by: ["state"], where: { departmentId }, _count: { _all: true } });
    expect(byState.length).toBeGreaterThan(1);
    for (const text of [onA, onB]) {
      for (const { state, _count } of byState) expect(sample(text, "clinicflow_queue_tickets", `${d},state="${state}"`)).toBe(_count._all);
      expect(sample(text, "clinicflow_queue_tickets", `${d},state="NO_SHOW"`)).toBe(0);
      expect(sample(text, "clinicflow_queue_longest_wait_seconds", d)).toBeGreaterThanOrEqual(0);
      expect(sample(text, "clinicflow_queue_wait_alert_seconds", d)).toBe(30 * 60);
    }
  });
});
