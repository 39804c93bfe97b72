import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Role } from "../../server/roles.ts";
import { startAppProcess, type AppProcess } from "../helpers/app-process.ts";
import { createClinic, createClinicUsers, insertAppointment, WEEKDAY_OFFICE_HOURS, type TestClinic } from "../helpers/clinic-factories.ts";
import { createPatientRecord } from "../helpers/factories.ts";
import { signInEach } from "../helpers/session.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";

/** Schedule management over HTTP: role guards on every route and page, and bad input refused whole. */
let t: TestDatabase;
let app: AppProcess;
let clinic: TestClinic;
let cookies: Record<Role, string>;

beforeAll(async () => {
  t = await createTestDatabase("schedhttp");
  clinic = await createClinic(t.db, { clinicians: 2 });
  // The clinician is the clinic's first: "own" below is their schedule.
  const users = await createClinicUsers(t.db, clinic);
  app = await startAppProcess({ databaseUrl: t.url, redisUrl: inject("redisUrl"), redisKeyPrefix: uniqueRedisPrefix("schedhttp") });
  cookies = await signInEach(app.url, users);
}, 90_000);

afterAll(async () => {
  await app?.stop();
  await t?.drop();
});

type Who = Role | "anonymous";
const EVERYONE: Who[] = ["anonymous", "ADMIN", "RECEPTIONIST", "CLINICIAN", "PATIENT"];
const STAFF: Who[] = ["ADMIN", "RECEPTIONIST", "CLINICIAN"];
const EDITORS: Who[] = ["ADMIN", "RECEPTIONIST"];
const UNKNOWN_ID = "3b241101-e2bb-4255-8caf-4136c566a962";

const own = () => clinic.clinicians[0]!.id;
const other = () => clinic.clinicians[1]!.id;

function call(who: Who, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${app.url}${path}`, {
    method,
    redirect: "manual",
    headers: { "content-type": "application/json", ...(who === "anonymous" ? {} : { cookie: cookies[who] }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function freshTimeOff(clinicianId: string): Promise<string> {
  const row = await t.db.timeOff.create({ data: { clinicianId, startsAt: new Date("2031-01-01T08:00:00Z"), endsAt: new Date("2031-01-01T09:00:00Z") }, select: { id: true } });
  return row.id;
}

describe("role guards on schedule pages", () => {
  const PAGES: { name: string; path: () => string; allowed: Who[] }[] = [
    { name: "/staff/schedules", path: () => "/staff/schedules", allowed: STAFF },
    { name: "/staff/schedules/clinicians/[own id]", path: () => `/staff/schedules/clinicians/${own()}`, allowed: STAFF },
    { name: "/staff/schedules/clinicians/[another clinician's id]", path: () => `/staff/schedules/clinicians/${other()}`, allowed: EDITORS },
  ];
  const cases = PAGES.flatMap((p) => EVERYONE.map((who) => ({ ...p, who })));
  it.each(cases)("$who → $name", async ({ path, allowed, who }) => {
    const res = await call(who, "GET", path());
    if (who === "anonymous") {
      expect(res.status).toBe(307);
      expect(res.headers.get("location")).toContain(`/sign-in?callbackUrl=${encodeURIComponent(path())}`);
    } else {
      expect(res.status).toBe(allowed.includes(who) ? 200 : 403);
    }
  });

  it("shows editors the editors, a clinician a read-only view, times in the clinic's zone", async () => {
    const asReception = await (await call("RECEPTIONIST", "GET", `/staff/schedules/clinicians/${own()}`)).text();
    expect(asReception).toContain("Save weekly hours");
    expect(asReception).toContain("Europe/Berlin");
    const asClinician = await (await call("CLINICIAN", "GET", `/staff/schedules/clinicians/${own()}`)).text();
    expect(asClinician).not.toContain("Save weekly hours");
    expect(asClinician).toContain("Monday 08:00–12:00, 13:00–17:00");
    expect(await (await call("ADMIN", "GET", "/staff/schedules")).text()).toContain("Save booking policy");
    expect(await (await call("RECEPTIONIST", "GET", "/staff/schedules")).text()).not.toContain("Save booking policy");
  });

  it("answers 404 for an unknown clinician's page", async () => {
    expect((await call("ADMIN", "GET", `/staff/schedules/clinicians/${UNKNOWN_ID}`)).status).toBe(404);
  });
});

describe("role guards on schedule routes", () => {
  const ROUTES: { method: string; name: string; path: () => string | Promise<string>; allowed: Who[]; body?: () => unknown }[] = [
    { method: "GET", name: "/api/schedules", path: () => "/api/schedules", allowed: STAFF },
    {
      method: "POST",
      name: "/api/appointment-types",
      path: () => "/api/appointment-types",
      allowed: EDITORS,
      body: () => ({ departmentId: clinic.department.id, name: `Type ${randomBytes(3).toString("hex")}`, durationMinutes: 20 }),
    },
    { method: "PATCH", name: "/api/appointment-types/[id]", path: () => `/api/appointment-types/${clinic.appointmentTypes[0]!.id}`, allowed: EDITORS, body: () => ({ bookableOnline: true }) },
    { method: "GET", name: "/api/clinicians/[own]/availability", path: () => `/api/clinicians/${own()}/availability`, allowed: STAFF },
    { method: "GET", name: "/api/clinicians/[other]/availability", path: () => `/api/clinicians/${other()}/availability`, allowed: EDITORS },
    { method: "PUT", name: "/api/clinicians/[id]/availability", path: () => `/api/clinicians/${own()}/availability`, allowed: EDITORS, body: () => ({ ranges: WEEKDAY_OFFICE_HOURS }) },
    { method: "GET", name: "/api/clinicians/[own]/time-off", path: () => `/api/clinicians/${own()}/time-off`, allowed: STAFF },
    { method: "GET", name: "/api/clinicians/[other]/time-off", path: () => `/api/clinicians/${other()}/time-off`, allowed: EDITORS },
    {
      method: "POST",
      name: "/api/clinicians/[id]/time-off",
      path: () => `/api/clinicians/${own()}/time-off`,
      allowed: EDITORS,
      body: () => ({ startsAt: "2031-02-03T08:00", endsAt: "2031-02-03T09:00" }),
    },
    { method: "DELETE", name: "/api/clinicians/[id]/time-off/[timeOffId]", path: async () => `/api/clinicians/${own()}/time-off/${await freshTimeOff(own())}`, allowed: EDITORS },
    { method: "PATCH", name: "/api/clinicians/[id]", path: () => `/api/clinicians/${own()}`, allowed: EDITORS, body: () => ({ room: "Room 1" }) },
    { method: "GET", name: "/api/locations/[id]/policy", path: () => `/api/locations/${clinic.location.id}/policy`, allowed: STAFF },
    { method: "PATCH", name: "/api/locations/[id]/policy", path: () => `/api/locations/${clinic.location.id}/policy`, allowed: ["ADMIN"], body: () => ({ holdMinutes: 5 }) },
  ];
  const cases = ROUTES.flatMap((r) => EVERYONE.map((who) => ({ ...r, who })));
  it.each(cases)("$who → $method $name", async ({ method, path, allowed, body, who }) => {
    const res = await call(who, method, await path(), body?.());
    const json = (await res.json()) as { data?: unknown; error?: { code: string } };
    if (who === "anonymous") {
      expect(res.status).toBe(401);
      expect(json.error?.code).toBe("UNAUTHENTICATED");
    } else if (allowed.includes(who)) {
      expect(res.status).toBe(method === "POST" ? 201 : 200);
      expect(json.data).toBeDefined();
    } else {
      expect(res.status).toBe(403);
      expect(json.error?.code).toBe("FORBIDDEN");
    }
  });
});

describe("bad input", () => {
  const snapshot = async () => ({
    types: await t.db.appointmentType.findMany({ orderBy: { id: "asc" } }),
    availability: await t.db.weeklyAvailability.findMany({ orderBy: { id: "asc" } }),
    timeOff: await t.db.timeOff.findMany({ orderBy: { id: "asc" } }),
    clinicians: await t.db.clinician.findMany({ orderBy: { id: "asc" } }),
    locations: await t.db.location.findMany({ orderBy: { id: "asc" } }),
  });

  const CASES: { name: string; method: string; path: () => string; body: () => unknown; field: string; problem: string }[] = [
    { name: "type without a name", method: "POST", path: () => "/api/appointment-types", body: () => ({ departmentId: clinic.department.id, name: " ", durationMinutes: 15 }), field: "name", problem: "is required" },
    { name: "type too long", method: "PATCH", path: () => `/api/appointment-types/${clinic.appointmentTypes[0]!.id}`, body: () => ({ durationMinutes: 481 }), field: "durationMinutes", problem: "must be 5 to 480 minutes" },
    {
      name: "overlapping ranges",
      method: "PUT",
      path: () => `/api/clinicians/${own()}/availability`,
      body: () => ({ ranges: [{ weekday: 1, start: "08:00", end: "12:00" }, { weekday: 1, start: "11:00", end: "13:00" }] }),
      field: "ranges.1",
      problem: "overlaps ranges.0 (Monday 08:00–12:00)",
    },
    { name: "range ending before it starts", method: "PUT", path: () => `/api/clinicians/${own()}/availability`, body: () => ({ ranges: [{ weekday: 2, start: "12:00", end: "08:00" }] }), field: "ranges.0.end", problem: "must be after start" },
    { name: "time off ending before it starts", method: "POST", path: () => `/api/clinicians/${own()}/time-off`, body: () => ({ startsAt: "2031-03-03T10:00", endsAt: "2031-03-03T09:00" }), field: "endsAt", problem: "must be after startsAt" },
    { name: "time off of 367 days", method: "POST", path: () => `/api/clinicians/${own()}/time-off`, body: () => ({ startsAt: "2031-01-01T00:00:00Z", endsAt: "2032-01-03T00:00:00Z" }), field: "endsAt", problem: "must be at most 366 days after startsAt" },
    { name: "a reason over 200 characters", method: "POST", path: () => `/api/clinicians/${own()}/time-off`, body: () => ({ startsAt: "2031-03-03T08:00", endsAt: "2031-03-03T09:00", reason: "r".repeat(201) }), field: "reason", problem: "must be at most 200 characters" },
    { name: "buffer over 120", method: "PATCH", path: () => `/api/clinicians/${own()}`, body: () => ({ bufferMinutes: 121 }), field: "bufferMinutes", problem: "must be 0 to 120" },
    { name: "slot step under 5", method: "PATCH", path: () => `/api/locations/${clinic.location.id}/policy`, body: () => ({ slotStepMinutes: 4 }), field: "slotStepMinutes", problem: "must be 5 to 120" },
    { name: "hold over 60", method: "PATCH", path: () => `/api/locations/${clinic.location.id}/policy`, body: () => ({ holdMinutes: 61, slotStepMinutes: 10 }), field: "holdMinutes", problem: "must be 1 to 60" },
  ];
  it.each(CASES)("$name → 400 naming $field, nothing written", async ({ method, path, body, field, problem }) => {
    const before = await snapshot();
    const res = await call("ADMIN", method, path(), body());
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "VALIDATION_FAILED", details: [{ field, problem }] } });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a body that is not JSON", async () => {
    const res = await fetch(`${app.url}/api/clinicians/${own()}/availability`, { method: "PUT", headers: { "content-type": "application/json", cookie: cookies.ADMIN }, body: "{ranges" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { details: [{ field: "(body)", problem: "is not valid JSON" }] } });
  });

  it("refuses a bad time-off range query, naming the parameter", async () => {
    const res = await call("RECEPTIONIST", "GET", `/api/clinicians/${own()}/time-off?from=tomorrow`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { details: [{ field: "from", problem: "must be a date as YYYY-MM-DD" }] } });
  });

  it("answers 409 naming the field for a type name the department already has", async () => {
    const res = await call("RECEPTIONIST", "POST", "/api/appointment-types", { departmentId: clinic.department.id, name: clinic.appointmentTypes[1]!.name.toUpperCase(), durationMinutes: 15 });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "CONFLICT", details: [{ field: "name" }] } });
  });

  const UNKNOWN: [method: string, path: () => string, body: unknown][] = [
    ["PATCH", () => `/api/appointment-types/${UNKNOWN_ID}`, { archived: true }],
    ["PUT", () => `/api/clinicians/${UNKNOWN_ID}/availability`, { ranges: [] }],
    ["GET", () => `/api/clinicians/not-an-id/availability`, undefined],
    ["GET", () => `/api/clinicians/${UNKNOWN_ID}/time-off`, undefined],
    ["DELETE", () => `/api/clinicians/${own()}/time-off/${UNKNOWN_ID}`, undefined],
    ["PATCH", () => `/api/clinicians/${UNKNOWN_ID}`, { room: "X" }],
    ["GET", () => `/api/locations/${UNKNOWN_ID}/policy`, undefined],
    ["GET", () => `/api/schedules?locationId=${UNKNOWN_ID}`, undefined],
  ];
  it.each(UNKNOWN)("answers 404 for an unknown id: %s %s", async (method, path, body) => {
    const res = await call("ADMIN", method, path(), body);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });
});

describe("time off over HTTP", () => {
  it("answers 201 with the booked appointments reception has to move", async () => {
    const patient = await createPatientRecord(t.db, { firstName: "Hana", lastName: "Hit" });
    const booked = await insertAppointment(t.db, {
      clinicianId: other(),
      appointmentTypeId: clinic.appointmentTypes[0]!.id,
      patientId: patient.id,
      startsAt: new Date("2031-04-07T08:00:00Z"),
      minutes: 15,
    });
    const res = await call("RECEPTIONIST", "POST", `/api/clinicians/${other()}/time-off`, { startsAt: "2031-04-07T09:00+02:00", endsAt: "2031-04-07T18:00+02:00", reason: "Sick" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      data: { timeOff: { startsAt: "2031-04-07T07:00:00.000Z", reason: "Sick", affectedAppointments: [{ id: booked.id, startsAt: "2031-04-07T08:00:00.000Z", patientName: "Hana Hit" }] } },
    });
  });
});
