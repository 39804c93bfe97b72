import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TicketView } from "../../server/queue/ticket-view.ts";
import { callApi } from "../helpers/api.ts";
import { startAppProcess, type AppProcess } from "../helpers/app-process.ts";
import { createBookableClinic, type BookableClinic } from "../helpers/booking-fixtures.ts";
import { createPatientRecord, createUser, type TestUser } from "../helpers/factories.ts";
import { middayTimeZone } from "../helpers/queue-fixtures.ts";
import { sessionCookieFor } from "../helpers/session.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";

/** The queue's route handlers in the real app: who may call them, and the answers they give. */
type Who = "anonymous" | "ADMIN" | "RECEPTIONIST" | "CLINICIAN" | "PATIENT" | "OTHER_PATIENT";
const EVERYONE: Who[] = ["anonymous", "ADMIN", "RECEPTIONIST", "CLINICIAN", "PATIENT"];
const STAFF: Who[] = ["ADMIN", "RECEPTIONIST", "CLINICIAN"];
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

let t: TestDatabase;
let app: AppProcess;
let clinic: BookableClinic;
let displayKey: string;
/** The PATIENT's own waiting ticket. */
let ownTicket: TicketView;
const cookie = {} as Record<Who, string | null>;

const call = <T = Record<string, unknown>>(who: Who, method: string, path: string, body?: unknown) => callApi<T>(app.url, method, path, cookie[who], body);

beforeAll(async () => {
  t = await createTestDatabase("queuehttp");
  // It is about noon there: appointments two hours ahead or ten minutes ahead are both today.
  clinic = await createBookableClinic(t.db, { timeZone: middayTimeZone(), clinicians: 1, patients: 2 });
  displayKey = randomBytes(16).toString("hex");
  await t.db.location.update({ where: { id: clinic.locationId }, data: { displayKey } });
  app = await startAppProcess({ databaseUrl: t.url, redisUrl: inject("redisUrl"), redisKeyPrefix: uniqueRedisPrefix("queuehttp") });
  const accounts: Record<Exclude<Who, "anonymous">, TestUser> = {
    ADMIN: await createUser(t.db, "ADMIN"),
    RECEPTIONIST: clinic.reception,
    CLINICIAN: clinic.clinicians[0]!.user,
    PATIENT: clinic.patients[0]!,
    OTHER_PATIENT: clinic.patients[1]!,
  };
  cookie.anonymous = null;
  for (const [who, user] of Object.entries(accounts)) cookie[who as Who] = await sessionCookieFor(user);
  const checkIn = await call<{ ticket: TicketView }>("RECEPTIONIST", "POST", "/api/queue/check-ins", { departmentId: clinic.departmentId, patientId: clinic.patients[0]!.patientId });
  expect(checkIn.status).toBe(201);
  ownTicket = checkIn.json.data!.ticket;
}, 90_000);

afterAll(async () => {
  await app?.stop();
  await t?.drop();
});

async function newDepartment(): Promise<string> {
  return (await t.db.department.create({ data: { name: `Empty ${randomBytes(3).toString("hex")}`, locationId: clinic.locationId, ticketPrefix: "E" } })).id;
}

async function walkIn(): Promise<TicketView> {
  const patient = await createPatientRecord(t.db);
  const res = await call<{ ticket: TicketView }>("RECEPTIONIST", "POST", "/api/queue/check-ins", { departmentId: clinic.departmentId, patientId: patient.id });
  expect(res.status).toBe(201);
  return res.json.data!.ticket;
}

/** Booked directly for the PATIENT with the clinic's clinician, `minutesAhead` from now. */
async function appointmentIn(minutesAhead: number): Promise<string> {
  const startsAt = new Date(Date.now() + minutesAhead * 60_000);
  startsAt.setUTCSeconds(0, 0);
  const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
  const appointment = await t.db.appointment.create({
    data: { patientId: clinic.patients[0]!.patientId, clinicianId: clinic.clinicians[0]!.id, appointmentTypeId: clinic.onlineType.id, startsAt, endsAt, blockedUntil: endsAt, status: "BOOKED" },
  });
  return appointment.id;
}

describe("who may call the queue routes", () => {
  // Allowed callers send harmless requests (empty bodies, unknown ids) so the table changes nothing.
  const ROUTES: { route: string; method: string; path: () => string; body?: unknown; allowed: Who[]; answer: number }[] = [
    { route: "check-ins", method: "POST", path: () => "/api/queue/check-ins", body: {}, allowed: ["ADMIN", "RECEPTIONIST"], answer: 400 },
    { route: "board", method: "GET", path: () => `/api/queue/${clinic.departmentId}`, allowed: STAFF, answer: 200 },
    { route: "public queue", method: "GET", path: () => `/api/queue/${clinic.departmentId}/public`, allowed: [...STAFF, "PATIENT"], answer: 200 },
    { route: "call next", method: "POST", path: () => `/api/queue/${clinic.departmentId}/call-next`, body: {}, allowed: STAFF, answer: 400 },
    { route: "call a ticket", method: "POST", path: () => `/api/tickets/${ownTicket.id}/call`, body: {}, allowed: STAFF, answer: 400 },
    { route: "ticket", method: "GET", path: () => `/api/tickets/${ownTicket.id}`, allowed: [...STAFF, "PATIENT"], answer: 200 },
    { route: "transition", method: "POST", path: () => `/api/tickets/${ownTicket.id}/transition`, body: {}, allowed: STAFF, answer: 400 },
    { route: "self check-in", method: "POST", path: () => `/api/appointments/${UNKNOWN_ID}/check-in`, allowed: ["PATIENT"], answer: 404 },
  ];
  const cases = ROUTES.flatMap((r) => EVERYONE.map((who) => ({ ...r, who, expected: who === "anonymous" ? 401 : r.allowed.includes(who) ? r.answer : 403 })));

  it.each(cases)("$who → $method $route: $expected", async ({ who, method, path, body, expected }) => {
    const res = await call(who, method, path(), body);
    expect(res.status).toBe(expected);
    if (expected === 401) expect(res.json.error?.code).toBe("UNAUTHENTICATED");
    if (expected === 403) expect(res.json.error?.code).toBe("FORBIDDEN");
  });

  it("the waiting-room display's data needs only the display key, and names nobody", async () => {
    const res = await call<{ locationName: string; departments: { departmentId: string; tickets: unknown[] }[] }>("anonymous", "GET", `/api/display/${displayKey}`);
    expect(res.status).toBe(200);
    expect(res.json.data!.departments.find((d) => d.departmentId === clinic.departmentId)?.tickets).toContainEqual(expect.objectContaining({ id: ownTicket.id, code: ownTicket.code }));
    expect(JSON.stringify(res.json)).not.toMatch(new RegExp(`patient|firstName|lastName|medicalRecordNumber|${ownTicket.patient.lastName}`));
    expect((await call("anonymous", "GET", `/api/display/${randomBytes(16).toString("hex")}`)).json.error?.code).toBe("NOT_FOUND");
  });
});

describe("tickets and patients", () => {
  it("a patient sees their own ticket with its place in line; another patient's, or a malformed id, is not found", async () => {
    const own = await call<{ ticket: Record<string, unknown> }>("PATIENT", "GET", `/api/tickets/${ownTicket.id}`);
    expect(own.json.data!.ticket).toMatchObject({ id: ownTicket.id, code: ownTicket.code, state: "WAITING", position: expect.any(Number), estimatedWaitMinutes: expect.any(Number) });
    expect(JSON.stringify(own.json)).not.toContain("medicalRecordNumber");
    for (const path of [`/api/tickets/${ownTicket.id}`, `/api/tickets/${UNKNOWN_ID}`, "/api/tickets/not-an-id"]) {
      const res = await call("OTHER_PATIENT", "GET", path);
      expect([res.status, res.json.error?.code]).toEqual([404, "NOT_FOUND"]);
    }
  });
});

describe("refusals", () => {
  it("bad input is refused with 400, naming the field", async () => {
    const cases: [string, string, unknown, string][] = [
      ["/api/queue/check-ins", "POST", { departmentId: clinic.departmentId }, "patientId"],
      ["/api/queue/check-ins", "POST", { departmentId: clinic.departmentId, patientId: clinic.patients[1]!.patientId, priority: "SOON" }, "priority"],
      ["/api/queue/check-ins", "POST", { appointmentId: "nope" }, "appointmentId"],
      ["/api/queue/check-ins", "POST", { departmentId: clinic.departmentId, patientId: UNKNOWN_ID }, "patientId"],
      [`/api/queue/${clinic.departmentId}/call-next`, "POST", {}, "calledTo"],
      [`/api/queue/${clinic.departmentId}/call-next`, "POST", { calledTo: "R".repeat(41) }, "calledTo"],
      [`/api/tickets/${ownTicket.id}/call`, "POST", { calledTo: "  " }, "calledTo"],
      [`/api/tickets/${ownTicket.id}/transition`, "POST", { action: "teleport" }, "action"],
      [`/api/tickets/${ownTicket.id}/transition`, "POST", { action: "transfer" }, "departmentId"],
    ];
    for (const [path, method, body, field] of cases) {
      const res = await call("RECEPTIONIST", method, path, body);
      expect([res.status, res.json.error?.code], `${path} ${JSON.stringify(body)}`).toEqual([400, "VALIDATION_FAILED"]);
      expect(res.json.error?.details, `${path} ${JSON.stringify(body)}`).toContainEqual(expect.objectContaining({ field }));
    }
    const notJson = await fetch(`${app.url}/api/queue/${clinic.departmentId}/call-next`, { method: "POST", headers: { cookie: cookie.RECEPTIONIST!, "content-type": "text/plain" }, body: "Room 1" });
    expect(await notJson.json()).toMatchObject({ error: { code: "VALIDATION_FAILED", details: [{ field: "(body)", problem: "must be JSON" }] } });
    expect((await t.db.ticket.findUniqueOrThrow({ where: { id: ownTicket.id } })).state).toBe("WAITING");
  });

  it("a move that makes no sense is 409 INVALID_TRANSITION and changes nothing", async () => {
    const ticket = await walkIn();
    const res = await call("RECEPTIONIST", "POST", `/api/tickets/${ticket.id}/transition`, { action: "finish" });
    expect(res.status).toBe(409);
    expect(res.json.error).toEqual({ code: "INVALID_TRANSITION", message: `Ticket ${ticket.code} is waiting and cannot be finished.`, details: { state: "WAITING", action: "finish" } });
    expect((await t.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).state).toBe("WAITING");
    // Called on purpose, out of turn, it can be started.
    expect((await call<{ ticket: TicketView }>("CLINICIAN", "POST", `/api/tickets/${ticket.id}/call`, { calledTo: "Room 2" })).json.data!.ticket).toMatchObject({ state: "CALLED", calledTo: "Room 2" });
    expect((await call<{ ticket: TicketView }>("CLINICIAN", "POST", `/api/tickets/${ticket.id}/transition`, { action: "start" })).json.data!.ticket.state).toBe("IN_SERVICE");
  });

  it("call next on a queue with nobody waiting is 409 QUEUE_EMPTY; an unknown department is 404", async () => {
    const empty = await newDepartment();
    const res = await call("CLINICIAN", "POST", `/api/queue/${empty}/call-next`, { calledTo: "Room 1" });
    expect([res.status, res.json.error]).toEqual([409, { code: "QUEUE_EMPTY", message: "Nobody is waiting in this queue." }]);
    expect((await call("CLINICIAN", "POST", `/api/queue/${UNKNOWN_ID}/call-next`, { calledTo: "Room 1" })).status).toBe(404);
    expect((await call("CLINICIAN", "GET", `/api/queue/${UNKNOWN_ID}`)).status).toBe(404);
  });

  it("a transfer to a department where the patient already waits is 409 CONFLICT and changes nothing", async () => {
    const other = await newDepartment();
    const patient = await createPatientRecord(t.db);
    const here = await call<{ ticket: TicketView }>("RECEPTIONIST", "POST", "/api/queue/check-ins", { departmentId: clinic.departmentId, patientId: patient.id });
    expect((await call("RECEPTIONIST", "POST", "/api/queue/check-ins", { departmentId: other, patientId: patient.id })).status).toBe(201);
    const res = await call("RECEPTIONIST", "POST", `/api/tickets/${here.json.data!.ticket.id}/transition`, { action: "transfer", departmentId: other });
    expect([res.status, res.json.error?.code]).toEqual([409, "CONFLICT"]);
    expect((await t.db.ticket.findUniqueOrThrow({ where: { id: here.json.data!.ticket.id } })).state).toBe("WAITING");
    expect(await t.db.ticket.count({ where: { departmentId: other } })).toBe(1);
  });

  it("a second open ticket for the same patient in a department is 409 CONFLICT", async () => {
    const res = await call("RECEPTIONIST", "POST", "/api/queue/check-ins", { departmentId: clinic.departmentId, patientId: clinic.patients[0]!.patientId });
    expect([res.status, res.json.error?.code, res.json.error?.message]).toEqual([409, "CONFLICT", "This patient is already in the queue today."]);
  });

  it("a patient checks in from their phone only inside the window: outside it 409 CHECK_IN_CLOSED; someone else's appointment 404", async () => {
    const later = await appointmentIn(120);
    const closed = await call("PATIENT", "POST", `/api/appointments/${later}/check-in`);
    expect(closed.status).toBe(409);
    expect(closed.json.error).toMatchObject({ code: "CHECK_IN_CLOSED", message: expect.stringMatching(/^You can check in from \d\d:\d\d to \d\d:\d\d\./), details: { opensAt: expect.any(String), closesAt: expect.any(String) } });
    expect((await call("OTHER_PATIENT", "POST", `/api/appointments/${later}/check-in`)).status).toBe(404);

    // The patient's walk-in ticket is in the same department: gone first, then the phone check-in works.
    await call("RECEPTIONIST", "POST", `/api/tickets/${ownTicket.id}/transition`, { action: "cancel" });
    const soon = await appointmentIn(10);
    const ok = await call<{ ticketId: string; code: string }>("PATIENT", "POST", `/api/appointments/${soon}/check-in`);
    expect(ok.status).toBe(201);
    expect(ok.json.data).toEqual({ ticketId: expect.any(String), code: expect.stringMatching(/^[A-Z]{1,3}-\d{3}$/) });
    expect((await call("PATIENT", "POST", `/api/appointments/${soon}/check-in`)).json.error?.code).toBe("CONFLICT");
  });
});
