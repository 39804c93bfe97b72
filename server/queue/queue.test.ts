import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueueChangedEvent } from "../gateway/contract.ts";
import type { SessionUser } from "../roles.ts";
import { callNext, callTicket } from "./call-ticket.ts";
import { changeTicket } from "./change-ticket.ts";
import { checkInByStaff, checkInSelf } from "./check-in.ts";
import { compareTickets } from "./ordering.ts";
import { getTicketForViewer } from "./patient-ticket.ts";
import { getPublicQueueSnapshot, getQueueSnapshot } from "./queue-snapshot.ts";
import { createBookableClinic, recordingRealtime, type BookableClinic } from "../../tests/helpers/booking-fixtures.ts";
import { errorOf } from "../../tests/helpers/app-errors.ts";
import { createUser } from "../../tests/helpers/factories.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";

/**
 * A fixed-offset zone where it is around noon right now, so "an hour from now" and "today"
 * agree whenever the suite runs (near midnight they would not in a real city's zone).
 */
function middayZone(): string {
  const offset = 12 - new Date().getUTCHours(); // -11 … +12
  if (offset === 0) return "Etc/GMT";
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`; // Etc/GMT-5 is UTC+5
}

let t: TestDatabase;
let clinic: BookableClinic;
let reception: SessionUser;

beforeAll(async () => {
  t = await createTestDatabase("queue");
  clinic = await createBookableClinic(t.db, { clinicians: 2, patients: 3, timeZone: middayZone() });
  reception = clinic.reception;
  await t.db.department.update({ where: { id: clinic.departmentId }, data: { ticketPrefix: "G" } });
});
afterAll(async () => {
  await t.drop();
});

async function newDepartment(prefix: string): Promise<string> {
  const d = await t.db.department.create({ data: { name: `Dept ${prefix} ${Math.random()}`, locationId: clinic.locationId, ticketPrefix: prefix } });
  return d.id;
}

async function walkIns(departmentId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const patient = await createUser(t.db, "PATIENT");
    const record = await t.db.patient.findUniqueOrThrow({ where: { userId: patient.id }, select: { id: true } });
    ids.push((await checkInByStaff({ db: t.db, realtime: recordingRealtime() }, reception, { departmentId, patientId: record.id })).id);
  }
  return ids;
}

describe("check-in", () => {
  it("hands out short, speakable ticket codes without gaps, and tells the board and the display", async () => {
    const departmentId = await newDepartment("K");
    const realtime = recordingRealtime();
    const first = await checkInByStaff({ db: t.db, realtime }, reception, { departmentId, patientId: clinic.patients[0]!.patientId, reason: "Fever" });
    const second = await checkInByStaff({ db: t.db, realtime }, reception, { departmentId, patientId: clinic.patients[1]!.patientId, priority: "URGENT" });
    expect([first.code, second.code]).toEqual(["K-001", "K-002"]);
    expect(first).toMatchObject({ state: "WAITING", reason: "Fever", appointment: null });
    const board = realtime.events.filter((e) => e.event === "queue:changed").map((e) => e.payload as QueueChangedEvent);
    expect(board.map((e) => [e.seq, e.kind, e.ticket.code])).toEqual([[1, "checked-in", "K-001"], [2, "checked-in", "K-002"]]);
    const display = realtime.events.filter((e) => e.event === "queue:public-changed");
    expect(display.map((e) => e.room)).toEqual([`queue-public:${departmentId}`, `queue-public:${departmentId}`]);
    expect(JSON.stringify(display)).not.toContain(clinic.patients[0]!.displayName.split(" ")[0]!);
    expect(JSON.stringify(display)).not.toMatch(/firstName|lastName|medicalRecordNumber|patient/);
  });

  it("refuses a second open ticket for the same patient in one department", async () => {
    const departmentId = await newDepartment("D");
    await checkInByStaff({ db: t.db, realtime: recordingRealtime() }, reception, { departmentId, patientId: clinic.patients[2]!.patientId });
    const again = await errorOf(checkInByStaff({ db: t.db, realtime: recordingRealtime() }, reception, { departmentId, patientId: clinic.patients[2]!.patientId }));
    expect(again).toMatchObject({ code: "CONFLICT", message: "This patient is already in the queue today." });
    expect(await t.db.ticket.count({ where: { departmentId } })).toBe(1);
    const counter = await t.db.queueCounter.findFirstOrThrow({ where: { departmentId }, select: { lastNumber: true } });
    expect(counter.lastNumber).toBe(1); // the refused check-in used no number
  });

  it("a patient checks in from their phone only inside the window around the appointment", async () => {
    const patient = clinic.patients[0]!;
    const startsAt = new Date(Date.now() + 60 * 60_000); // an hour from now, booked directly
    startsAt.setUTCSeconds(0, 0);
    const appointment = await t.db.appointment.create({
      data: { patientId: patient.patientId, clinicianId: clinic.clinicians[0]!.id, appointmentTypeId: clinic.onlineType.id, startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000), blockedUntil: new Date(startsAt.getTime() + 30 * 60_000), status: "BOOKED" },
    });
    const early = await errorOf(checkInSelf({ db: t.db, realtime: recordingRealtime() }, patient, appointment.id));
    expect(early).toMatchObject({ code: "CHECK_IN_CLOSED", message: expect.stringMatching(/^You can check in from \d\d:\d\d to \d\d:\d\d/) });
    const other = await errorOf(checkInSelf({ db: t.db, realtime: recordingRealtime() }, clinic.patients[1]!, appointment.id, startsAt.getTime() - 10 * 60_000));
    expect(other.code).toBe("NOT_FOUND");
    const ticket = await checkInSelf({ db: t.db, realtime: recordingRealtime() }, patient, appointment.id, startsAt.getTime() - 10 * 60_000);
    const twice = await errorOf(checkInSelf({ db: t.db, realtime: recordingRealtime() }, patient, appointment.id, startsAt.getTime() - 5 * 60_000));
    expect(twice).toMatchObject({ code: "CONFLICT", details: { ticketId: ticket.ticketId } }); // the page can open the ticket
    expect(ticket.code).toMatch(/^G-\d{3}$/);
    const stored = await t.db.ticket.findUniqueOrThrow({ where: { id: ticket.ticketId }, select: { queuedAt: true, appointmentId: true } });
    expect(stored).toEqual({ queuedAt: startsAt, appointmentId: appointment.id }); // on time: queued at the appointment's start
    const view = await getTicketForViewer(t.db, patient, ticket.ticketId);
    expect(view).toMatchObject({ code: ticket.code, state: "WAITING", position: expect.any(Number), estimatedWaitMinutes: expect.any(Number) });
    expect((await errorOf(getTicketForViewer(t.db, clinic.patients[1]!, ticket.ticketId))).code).toBe("NOT_FOUND");
  });
});

describe("calling and moving tickets", () => {
  it("calls in policy order: urgent first, then by queue time", async () => {
    const departmentId = await newDepartment("P");
    const [a, b, c] = await walkIns(departmentId, 3);
    await t.db.ticket.update({ where: { id: c! }, data: { priority: "URGENT" } });
    const deps = { db: t.db, realtime: recordingRealtime() };
    const calls = [await callNext(deps, reception, departmentId, { calledTo: "Room 1" }), await callNext(deps, reception, departmentId, { calledTo: "Room 2" }), await callNext(deps, reception, departmentId, { calledTo: "Room 1" })];
    expect(calls.map((x) => x.id)).toEqual([c, a, b]);
    expect(calls[0]).toMatchObject({ state: "CALLED", calledTo: "Room 1", callCount: 1 });
    const empty = await errorOf(callNext(deps, reception, departmentId, { calledTo: "Room 1" }));
    expect(empty).toMatchObject({ code: "QUEUE_EMPTY", message: "Nobody is waiting in this queue." });
  });

  it("walks a ticket through its life and refuses moves that make no sense, changing nothing", async () => {
    const departmentId = await newDepartment("W");
    const [id] = await walkIns(departmentId, 1);
    const deps = { db: t.db, realtime: recordingRealtime() };
    await callTicket(deps, reception, id!, { calledTo: "Desk 2" });
    expect((await changeTicket(deps, reception, id!, { action: "recall" })).callCount).toBe(2);
    expect((await changeTicket(deps, reception, id!, { action: "start" })).state).toBe("IN_SERVICE");
    expect((await changeTicket(deps, reception, id!, { action: "finish" })).state).toBe("DONE");
    const refused = await errorOf(changeTicket(deps, reception, id!, { action: "requeue" }));
    expect(refused).toMatchObject({ code: "INVALID_TRANSITION", message: expect.stringMatching(/is done and cannot be put back in the queue/) });
    expect((await t.db.ticket.findUniqueOrThrow({ where: { id: id! } })).state).toBe("DONE");
    const bad = await errorOf(changeTicket(deps, reception, id!, { action: "teleport" }));
    expect(bad.code).toBe("VALIDATION_FAILED");
    expect((await errorOf(changeTicket(deps, reception, "00000000-0000-4000-8000-000000000000", { action: "start" }))).code).toBe("NOT_FOUND");
    expect((await errorOf(changeTicket(deps, clinic.patients[0]!, id!, { action: "start" }))).code).toBe("FORBIDDEN");
  });

  it("a no-show can be put back in line at its old place; a transfer opens a ticket in the other department", async () => {
    const departmentId = await newDepartment("N");
    const otherId = await newDepartment("X");
    const [first, second] = await walkIns(departmentId, 2);
    const deps = { db: t.db, realtime: recordingRealtime() };
    await callNext(deps, reception, departmentId, { calledTo: "Room 4" });
    await changeTicket(deps, reception, first!, { action: "noShow" });
    await changeTicket(deps, reception, first!, { action: "requeue" });
    expect((await callNext(deps, reception, departmentId, { calledTo: "Room 4" })).id).toBe(first); // kept its place before `second`
    const moved = await changeTicket(deps, reception, second!, { action: "transfer", departmentId: otherId, reason: "Needs X-ray" });
    expect(moved.state).toBe("TRANSFERRED");
    const there = await t.db.ticket.findUniqueOrThrow({ where: { id: moved.transferredToId! }, select: { departmentId: true, code: true, state: true } });
    expect(there).toEqual({ departmentId: otherId, code: "X-001", state: "WAITING" });
  });

  it("a transferred patient's own ticket view names the new ticket; nobody else's view does", async () => {
    const departmentId = await newDepartment("T");
    const otherId = await newDepartment("U");
    const owner = clinic.patients[2]!;
    const deps = { db: t.db, realtime: recordingRealtime() };
    const old = await checkInByStaff(deps, reception, { departmentId, patientId: owner.patientId });
    expect((await getTicketForViewer(t.db, owner, old.id)).transferredTo).toBeNull();
    const moved = await changeTicket(deps, reception, old.id, { action: "transfer", departmentId: otherId });
    const otherName = (await t.db.department.findUniqueOrThrow({ where: { id: otherId }, select: { name: true } })).name;
    const view = await getTicketForViewer(t.db, owner, old.id);
    expect(view).toMatchObject({ state: "TRANSFERRED", position: null, transferredTo: { id: moved.transferredToId, code: "U-001", departmentId: otherId, departmentName: otherName } });
    const followed = await getTicketForViewer(t.db, owner, moved.transferredToId!);
    expect(followed).toMatchObject({ code: "U-001", state: "WAITING", departmentId: otherId, position: 1, transferredTo: null });
    for (const id of [old.id, moved.transferredToId!]) expect((await errorOf(getTicketForViewer(t.db, clinic.patients[0]!, id))).code).toBe("NOT_FOUND");
    // The public stream stays as it was: codes and states, no pointer to anyone's new ticket.
    const shown = (await getPublicQueueSnapshot(t.db, otherId)).tickets;
    expect(Object.keys(shown[0]!).sort()).toEqual(["callCount", "calledAt", "calledTo", "code", "id", "state"]);
  });

  it("snapshots carry the sequence number they are valid at, with and without names", async () => {
    const departmentId = await newDepartment("S");
    await walkIns(departmentId, 2);
    const deps = { db: t.db, realtime: recordingRealtime() };
    await callNext(deps, reception, departmentId, { calledTo: "Room 9" });
    const board = await getQueueSnapshot(t.db, departmentId);
    expect(board.seq).toBe(3);
    expect(board.tickets.map((x) => [x.code, x.state, x.position])).toEqual([["S-001", "CALLED", null], ["S-002", "WAITING", 1]]);
    expect(board.counts).toEqual({ CALLED: 1, WAITING: 1 });
    const display = await getPublicQueueSnapshot(t.db, departmentId);
    expect(display.seq).toBe(3);
    expect(display.tickets.map((x) => [x.code, x.calledTo])).toEqual([["S-001", "Room 9"], ["S-002", null]]);
    expect(JSON.stringify(display)).not.toMatch(/firstName|lastName|medicalRecordNumber/);
  });
});

describe("races", () => {
  it("20 desks calling at once on 5 waiting patients: 5 distinct patients called, 15 told the queue is empty", async () => {
    const departmentId = await newDepartment("R");
    const waiting = await walkIns(departmentId, 5);
    const deps = { db: t.db, realtime: recordingRealtime() };
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => callNext(deps, reception, departmentId, { calledTo: `Desk ${i + 1}` })));
    const called = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<{ id: string }>).value.id);
    const empty = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => (r.reason as { code: string }).code);
    expect(new Set(called)).toEqual(new Set(waiting));
    expect(called).toHaveLength(5);
    expect(empty).toEqual(Array(15).fill("QUEUE_EMPTY"));
  });

  it("20 desks draining 2,000 waiting patients: each called exactly once, in policy order", async () => {
    const departmentId = await newDepartment("Z");
    const patientIds = await t.db.$queryRaw<{ id: string }[]>`
      INSERT INTO "Patient" (id, "medicalRecordNumber", "firstName", "lastName", "dateOfBirth", "updatedAt")
      SELECT gen_random_uuid(), 'MRN-Z' || lpad(g::text, 6, '0'), 'Queue', 'Patient ' || g, DATE '1980-01-01', now() FROM generate_series(1, 2000) g
      RETURNING id`;
    const day = (await t.db.$queryRaw<{ d: string }[]>`SELECT to_char((now() AT TIME ZONE ${clinic.timeZone})::date, 'YYYY-MM-DD') AS d`)[0]!.d;
    // Random priorities and queue times (some ties), numbered in check-in order.
    await t.db.$executeRaw`
      INSERT INTO "Ticket" (id, "departmentId", "patientId", "serviceDate", number, code, state, priority, "queuedAt", "checkedInAt", "updatedAt")
      SELECT gen_random_uuid(), ${departmentId}::uuid, p.id, ${day}::date, row_number() OVER (), 'Z-' || row_number() OVER (), 'WAITING',
             CASE WHEN random() < 0.1 THEN 'URGENT'::"TicketPriority" ELSE 'NORMAL'::"TicketPriority" END,
             now() - (floor(random() * 600) || ' seconds')::interval, now(), now()
        FROM unnest(${patientIds.map((p) => p.id)}::uuid[]) AS p(id)`;
    const expected = (await t.db.ticket.findMany({ where: { departmentId }, select: { id: true, priority: true, queuedAt: true, number: true } })).sort(compareTickets).map((x) => x.id);

    const realtime = recordingRealtime();
    const deps = { db: t.db, realtime };
    const desk = async (n: number) => {
      for (;;) {
        try {
          await callNext(deps, reception, departmentId, { calledTo: `Desk ${n}` });
        } catch (error) {
          if ((error as { code?: string }).code === "QUEUE_EMPTY") return;
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => desk(i + 1)));

    const calls = realtime.events
      .filter((e) => e.event === "queue:changed" && (e.payload as QueueChangedEvent).kind === "called")
      .map((e) => e.payload as QueueChangedEvent)
      .sort((a, b) => a.seq - b.seq);
    expect(calls).toHaveLength(2000);
    expect(new Set(calls.map((c) => c.ticket.id)).size).toBe(2000);
    expect(calls.map((c) => c.ticket.id)).toEqual(expected);
    expect(await t.db.ticket.count({ where: { departmentId, state: "WAITING" } })).toBe(0);
    expect(await t.db.ticket.count({ where: { departmentId, callCount: { not: 1 } } })).toBe(0);
  }, 120_000);
});
