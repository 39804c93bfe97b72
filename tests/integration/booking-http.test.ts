import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startAppProcess, type AppProcess } from "../helpers/app-process.ts";
import { createBookableClinic, type BookableClinic } from "../helpers/booking-fixtures.ts";
import { createUser } from "../helpers/factories.ts";
import { signInOverHttp } from "../helpers/session.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";
import { callApi, type ApiAnswer } from "../helpers/api.ts";

/** Booking through the real route handlers: roles, the 409 path under a real race, 404s, bad input. */
let t: TestDatabase;
let app: AppProcess;
let clinic: BookableClinic;
const cookie: Record<string, string> = {};

function call(method: string, path: string, who: string | null, body?: unknown): Promise<ApiAnswer<Record<string, unknown>>> {
  return callApi(app.url, method, path, who ? cookie[who] ?? "" : null, body);
}

beforeAll(async () => {
  t = await createTestDatabase("bookhttp");
  clinic = await createBookableClinic(t.db, { clinicians: 2, patients: 2 });
  const clinician = clinic.clinicians[0]!.user;
  const admin = await createUser(t.db, "ADMIN");
  app = await startAppProcess({ databaseUrl: t.url, redisUrl: inject("redisUrl"), redisKeyPrefix: uniqueRedisPrefix("bookhttp") });
  const accounts = { RECEPTIONIST: clinic.reception, CLINICIAN: clinician, ADMIN: admin, PATIENT: clinic.patients[0]!, OTHER_PATIENT: clinic.patients[1]! };
  for (const [who, user] of Object.entries(accounts)) {
    const { cookie: c } = await signInOverHttp(app.url, user.email, user.password);
    cookie[who] = c!;
  }
}, 90_000);

afterAll(async () => {
  await app?.stop();
  await t?.drop();
});

describe("who may do what", () => {
  const table: { method: string; path: string; expect: [string | null, number][] }[] = [
    { method: "GET", path: "/api/booking-options", expect: [[null, 401], ["PATIENT", 200], ["CLINICIAN", 200]] },
    { method: "GET", path: "/api/appointments", expect: [[null, 401], ["PATIENT", 200], ["RECEPTIONIST", 403]] },
    { method: "POST", path: "/api/appointments/holds", expect: [[null, 401], ["RECEPTIONIST", 403], ["CLINICIAN", 403]] },
    { method: "POST", path: "/api/appointments", expect: [[null, 401], ["CLINICIAN", 403]] },
    { method: "GET", path: "/api/appointments/day", expect: [[null, 401], ["PATIENT", 403]] },
  ];
  it.each(table)("$method $path", async ({ method, path, expect: cases }) => {
    for (const [who, status] of cases) {
      const body = method === "POST" ? {} : undefined;
      expect({ who, status: (await call(method, path, who, body)).status }).toEqual({ who, status });
    }
  });
});

describe("booking over HTTP", () => {
  it("50 parallel requests for one slot: one 201, forty-nine 409 'slot taken' with alternatives, one row", async () => {
    const date = clinic.day(4);
    const startsAt = clinic.at(date, 11);
    const body = { appointmentTypeId: clinic.onlineType.id, clinicianId: clinic.clinicians[0]!.id, startsAt, patientId: clinic.patients[0]!.patientId };
    const results = await Promise.all(Array.from({ length: 50 }, () => call("POST", "/api/appointments", "RECEPTIONIST", body)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.json.error).toMatchObject({ code: "SLOT_TAKEN", message: expect.stringMatching(/slot was just taken/) });
    expect((refused.json.error?.details as { alternatives: unknown[] }).alternatives.length).toBeGreaterThan(0);
    expect(await t.db.appointment.count({ where: { clinicianId: clinic.clinicians[0]!.id, startsAt: new Date(startsAt) } })).toBe(1);
  });

  it("a patient holds, confirms, downloads the calendar file; another patient gets 404 for it", async () => {
    const date = clinic.day(5);
    const slots = await call("GET", `/api/slots?appointmentTypeId=${clinic.onlineType.id}&from=${date}&to=${date}`, "PATIENT");
    expect(slots.status).toBe(200);
    const first = (slots.json.data as { slots: { clinicianId: string; startsAt: string }[] }).slots[0]!;
    const hold = await call("POST", "/api/appointments/holds", "PATIENT", { appointmentTypeId: clinic.onlineType.id, clinicianId: first.clinicianId, startsAt: first.startsAt });
    expect(hold.status).toBe(201);
    const id = (hold.json.data as { appointment: { id: string } }).appointment.id;

    const again = await call("GET", `/api/slots?appointmentTypeId=${clinic.onlineType.id}&clinicianId=${first.clinicianId}&from=${date}&to=${date}`, "OTHER_PATIENT");
    expect((again.json.data as { slots: { startsAt: string }[] }).slots.map((s) => s.startsAt)).not.toContain(first.startsAt);

    expect((await call("POST", `/api/appointments/${id}/confirm`, "PATIENT")).json.data).toMatchObject({ appointment: { status: "BOOKED" } });
    const ics = await fetch(`${app.url}/api/appointments/${id}/ics`, { headers: { cookie: cookie.PATIENT! } });
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    expect(ics.headers.get("content-disposition")).toMatch(/attachment; filename="appointment-\d{4}-\d{2}-\d{2}\.ics"/);
    expect(await ics.text()).toContain("BEGIN:VEVENT");

    for (const [method, path] of [["GET", `/api/appointments/${id}`], ["GET", `/api/appointments/${id}/ics`], ["POST", `/api/appointments/${id}/cancel`]] as const) {
      const res = await call(method, path, "OTHER_PATIENT", method === "POST" ? {} : undefined);
      expect({ path, status: res.status, code: res.json.error?.code }).toEqual({ path, status: 404, code: "NOT_FOUND" });
    }
    const mine = await call("GET", "/api/appointments", "PATIENT");
    expect((mine.json.data as { upcoming: { id: string }[] }).upcoming.map((a) => a.id)).toContain(id);
  });

  it.each([
    ["a malformed start", { startsAt: "next tuesday" }, "startsAt"],
    ["an unknown appointment type", { appointmentTypeId: "00000000-0000-4000-8000-000000000000" }, "appointmentTypeId"],
    ["a missing patient (reception)", { patientId: undefined }, "patientId"],
  ])("answers %s with a 4xx naming the field, and writes nothing", async (_label, override, field) => {
    const before = await t.db.appointment.count();
    const body = { appointmentTypeId: clinic.onlineType.id, clinicianId: clinic.clinicians[1]!.id, startsAt: clinic.at(clinic.day(6), 9), patientId: clinic.patients[1]!.patientId, ...override };
    const res = await call("POST", "/api/appointments", "RECEPTIONIST", body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.json.error?.details).toContainEqual(expect.objectContaining({ field }));
    expect(await t.db.appointment.count()).toBe(before);
  });

  it("refuses a patient cancelling inside the window with a clear message", async () => {
    // Book for tomorrow-ish: the first free slot at least 2 hours ahead is within the 24-hour window.
    const date = clinic.day(1);
    const slots = await call("GET", `/api/slots?appointmentTypeId=${clinic.onlineType.id}&clinicianId=${clinic.clinicians[1]!.id}&from=${date}&to=${date}`, "RECEPTIONIST");
    const slot = (slots.json.data as { slots: { startsAt: string }[] }).slots[0]!;
    const booked = await call("POST", "/api/appointments", "RECEPTIONIST", { appointmentTypeId: clinic.onlineType.id, clinicianId: clinic.clinicians[1]!.id, startsAt: slot.startsAt, patientId: clinic.patients[0]!.patientId });
    const id = (booked.json.data as { appointment: { id: string } }).appointment.id;
    const refused = await call("POST", `/api/appointments/${id}/cancel`, "PATIENT", {});
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: "CHANGE_WINDOW_CLOSED", message: expect.stringMatching(/until 24 hours before/) });
    const overridden = await call("POST", `/api/appointments/${id}/cancel`, "RECEPTIONIST", { override: true, reason: "Patient called" });
    expect(overridden.status).toBe(200);
  });
});
