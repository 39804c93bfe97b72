import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Role } from "../../server/roles.ts";
import { startAppProcess, type AppProcess } from "../helpers/app-process.ts";
import { createPatientRecord, createUser, createUsersForEveryRole, type TestUser } from "../helpers/factories.ts";
import { signInEach, signInOverHttp } from "../helpers/session.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";

/** Patient records and the audit log through the real app: role guards, 404s for patients, validation. */
let t: TestDatabase;
let app: AppProcess;
let users: Record<Role, TestUser>;
let ownRecordId: string;
let walkIn: { id: string; medicalRecordNumber: string };
let cookies: Record<Role, string>;

beforeAll(async () => {
  t = await createTestDatabase("patient_records");
  users = await createUsersForEveryRole(t.db);
  ownRecordId = (await t.db.patient.findUniqueOrThrow({ where: { userId: users.PATIENT.id }, select: { id: true } })).id;
  walkIn = await createPatientRecord(t.db, { firstName: "Ada", lastName: "Lovelace", dateOfBirth: "1915-12-10", notes: "Staff-only note." });
  app = await startAppProcess({ databaseUrl: t.url, redisUrl: inject("redisUrl"), redisKeyPrefix: uniqueRedisPrefix("patient_records") });
  cookies = await signInEach(app.url, users);
}, 90_000);

afterAll(async () => {
  await app?.stop();
  await t?.drop();
});

type Who = Role | "anonymous";
const EVERYONE: Who[] = ["anonymous", "ADMIN", "RECEPTIONIST", "CLINICIAN", "PATIENT"];
const STAFF: Who[] = ["ADMIN", "RECEPTIONIST", "CLINICIAN"];

async function call(who: Who, method: string, path: string, body?: unknown): Promise<{ status: number; json: { data?: unknown; error?: { code: string; message: string; details?: unknown } } }> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(who === "anonymous" ? {} : { cookie: cookies[who] }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as never };
}

const uniqueNewPatient = () => ({ firstName: "Role", lastName: `Guard ${randomBytes(4).toString("hex")}`, dateOfBirth: "1980-01-01" });

describe("role guards on the patient and audit routes", () => {
  // Paths are functions: the ids exist only once beforeAll has run.
  const ROUTES: { name: string; method: string; path: () => string; allowed: Who[]; body?: () => unknown }[] = [
    { name: "GET /api/patients?q=", method: "GET", path: () => "/api/patients?q=Lovelace", allowed: STAFF },
    { name: "POST /api/patients", method: "POST", path: () => "/api/patients", allowed: ["ADMIN", "RECEPTIONIST"], body: uniqueNewPatient },
    { name: "GET /api/patients/[own id]", method: "GET", path: () => `/api/patients/${ownRecordId}`, allowed: [...STAFF, "PATIENT"] },
    { name: "PATCH /api/patients/[id]", method: "PATCH", path: () => `/api/patients/${walkIn.id}`, allowed: STAFF, body: () => ({ notes: `Checked ${randomUUID()}` }) },
    { name: "GET /api/me/patient", method: "GET", path: () => "/api/me/patient", allowed: ["PATIENT"] },
    { name: "PATCH /api/me/patient", method: "PATCH", path: () => "/api/me/patient", allowed: ["PATIENT"], body: () => ({ phone: "+49 30 1234567" }) },
    { name: "GET /api/audit", method: "GET", path: () => "/api/audit", allowed: ["ADMIN"] },
  ];
  const cases = ROUTES.flatMap((r) => EVERYONE.map((who) => ({ ...r, who })));
  it.each(cases)("$who → $name", async ({ method, path, allowed, body, who }) => {
    const { status, json } = await call(who, method, path(), body?.());
    if (who === "anonymous") {
      expect(status).toBe(401);
      expect(json.error?.code).toBe("UNAUTHENTICATED");
    } else if (allowed.includes(who)) {
      expect(status).toBe(method === "POST" ? 201 : 200);
      expect(json.data).toBeDefined();
    } else {
      expect(status).toBe(403);
      expect(json.error?.code).toBe("FORBIDDEN");
    }
  });
});

describe("a patient addressing records by id", () => {
  it("gets their own record, without staff notes", async () => {
    await t.db.patient.update({ where: { id: ownRecordId }, data: { notes: "Not for the patient." } });
    const { status, json } = await call("PATIENT", "GET", `/api/patients/${ownRecordId}`);
    expect(status).toBe(200);
    expect(json.data).toEqual({ patient: expect.objectContaining({ id: ownRecordId, email: users.PATIENT.email }) });
    expect(JSON.stringify(json)).not.toContain("Not for the patient.");
  });

  it("gets 404 for another patient's record, exactly as for an unknown or malformed id", async () => {
    const other = await createUser(t.db, "PATIENT");
    const otherId = (await t.db.patient.findUniqueOrThrow({ where: { userId: other.id }, select: { id: true } })).id;
    const answers = await Promise.all([otherId, walkIn.id, randomUUID(), "not-an-id"].map((id) => call("PATIENT", "GET", `/api/patients/${id}`)));
    for (const answer of answers) expect(answer).toEqual({ status: 404, json: { error: { code: "NOT_FOUND", message: "No such patient record." } } });
  });
});

describe("staff working with records", () => {
  it("search, view and edit show up in the audit log, with names of changed fields only", async () => {
    const reception = await createUser(t.db, "RECEPTIONIST");
    const { cookie } = await signInOverHttp(app.url, reception.email, reception.password);
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${app.url}${path}`, { method, headers: { "content-type": "application/json", cookie: cookie ?? "" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const found = (await (await send("GET", "/api/patients?q=ada%20love")).json()) as { data: { kind: string; patients: { id: string }[] } };
    expect(found.data).toMatchObject({ kind: "name", patients: [{ id: walkIn.id }] });
    expect((await send("GET", `/api/patients/${walkIn.id}`)).status).toBe(200);
    expect((await send("PATCH", `/api/patients/${walkIn.id}`, { phone: "+44 20 7946 0018" })).status).toBe(200);

    const audit = await call("ADMIN", "GET", `/api/audit?actorId=${reception.id}`);
    const events = (audit.json.data as { events: { action: string; patient: { id: string } | null; details: unknown }[] }).events;
    expect(events.map((e) => [e.action, e.patient?.id ?? null, e.details])).toEqual([
      ["patient.update", walkIn.id, { fields: ["phone"] }],
      ["patient.view", walkIn.id, null],
      ["patient.search", null, { kind: "name", count: 1 }],
    ]);
    expect(JSON.stringify(audit.json)).not.toContain("7946");
  });

  it("answers 409 listing the duplicate, then creates it with confirmDuplicate", async () => {
    const body = { firstName: "ADA", lastName: "lovelace", dateOfBirth: "1915-12-10" };
    const refused = await call("RECEPTIONIST", "POST", "/api/patients", body);
    expect(refused).toEqual({
      status: 409,
      json: {
        error: {
          code: "CONFLICT",
          message: "A patient with this name and date of birth already exists.",
          details: { duplicates: [{ id: walkIn.id, medicalRecordNumber: walkIn.medicalRecordNumber, firstName: "Ada", lastName: "Lovelace", dateOfBirth: "1915-12-10" }] },
        },
      },
    });
    const created = await call("RECEPTIONIST", "POST", "/api/patients", { ...body, confirmDuplicate: true });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({ patient: { firstName: "ADA", lastName: "lovelace", medicalRecordNumber: expect.stringMatching(/^MRN-/) } });
  });

  it("refuses a clinician anything but notes with 403 naming the field", async () => {
    const { status, json } = await call("CLINICIAN", "PATCH", `/api/patients/${walkIn.id}`, { phone: "+49 30 9999999" });
    expect(status).toBe(403);
    expect(json.error).toMatchObject({ code: "FORBIDDEN", details: [{ field: "phone", problem: "may be changed by admins and reception only" }] });
  });

  it("answers 404 for an unknown or malformed id", async () => {
    for (const id of [randomUUID(), "nope"]) {
      expect((await call("RECEPTIONIST", "GET", `/api/patients/${id}`)).status).toBe(404);
      expect((await call("RECEPTIONIST", "PATCH", `/api/patients/${id}`, { notes: "x" })).status).toBe(404);
    }
  });
});

describe("bad input", () => {
  const CASES: { who: Role; method: string; path: () => string; body?: unknown; field: string; problem: string }[] = [
    { who: "RECEPTIONIST", method: "POST", path: () => "/api/patients", body: { ...uniqueNewPatient(), dateOfBirth: "2999-01-01" }, field: "dateOfBirth", problem: "cannot be in the future" },
    { who: "RECEPTIONIST", method: "POST", path: () => "/api/patients", body: { ...uniqueNewPatient(), notes: "x".repeat(2001) }, field: "notes", problem: "must be at most 2000 characters" },
    { who: "ADMIN", method: "PATCH", path: () => `/api/patients/${walkIn.id}`, body: { lastName: " " }, field: "lastName", problem: "is required" },
    { who: "PATIENT", method: "PATCH", path: () => "/api/me/patient", body: { email: "not-an-email" }, field: "email", problem: "must be an email address" },
    { who: "CLINICIAN", method: "GET", path: () => "/api/patients?q=x", field: "q", problem: "must be at least 2 characters" },
    { who: "ADMIN", method: "GET", path: () => "/api/audit?limit=500", field: "limit", problem: "must be at most 100" },
  ];
  it.each(CASES)("$who $method $field → 400 naming it, nothing written", async ({ who, method, path, body, field, problem }) => {
    const counts = async () => ({ patients: await t.db.patient.count(), events: await t.db.auditEvent.count(), walkIn: await t.db.patient.findUnique({ where: { id: walkIn.id } }) });
    const before = await counts();
    const { status, json } = await call(who, method, path(), body);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: "VALIDATION_FAILED", details: [{ field, problem }] });
    expect(await counts()).toEqual(before);
  });
});

describe("role guards on the pages", () => {
  const PAGES: { name: string; path: () => string; allowed: Who[] }[] = [
    { name: "/staff/patients", path: () => "/staff/patients", allowed: STAFF },
    { name: "/staff/patients/[id]", path: () => `/staff/patients/${walkIn.id}`, allowed: STAFF },
    { name: "/patient/details", path: () => "/patient/details", allowed: ["PATIENT"] },
    { name: "/admin/audit", path: () => "/admin/audit", allowed: ["ADMIN"] },
  ];
  const cases = PAGES.flatMap((p) => EVERYONE.map((who) => ({ ...p, who })));
  it.each(cases)("$who → $name", async ({ path, allowed, who }) => {
    const res = await fetch(`${app.url}${path()}`, { redirect: "manual", headers: who === "anonymous" ? {} : { cookie: cookies[who] } });
    if (who === "anonymous") {
      expect(res.status).toBe(307);
      expect(res.headers.get("location")).toContain(`/sign-in?callbackUrl=${encodeURIComponent(path())}`);
    } else if (allowed.includes(who)) {
      expect(res.status).toBe(200);
    } else {
      expect(res.status).toBe(403);
    }
  });

  it("shows a record to staff with the logging notice, and 404 for an unknown one", async () => {
    const page = await fetch(`${app.url}/staff/patients/${walkIn.id}`, { headers: { cookie: cookies.CLINICIAN } });
    const html = await page.text();
    expect(html).toContain("Every view and change of this record is logged.");
    expect(html).toContain(walkIn.medicalRecordNumber);
    expect((await fetch(`${app.url}/staff/patients/${randomUUID()}`, { headers: { cookie: cookies.CLINICIAN } })).status).toBe(404);
  });

  it("shows the audit log to admins, and a bad filter as a message naming it", async () => {
    const get = async (query: string) => (await fetch(`${app.url}/admin/audit${query}`, { headers: { cookie: cookies.ADMIN } })).text();
    expect(await get(`?patientId=${walkIn.id}`)).toContain(walkIn.medicalRecordNumber);
    expect(await get("?patientId=42")).toContain("patientId: must be a record id (UUID)");
  });

  it("lists search results on the search page", async () => {
    const html = await (await fetch(`${app.url}/staff/patients?q=${walkIn.medicalRecordNumber}`, { headers: { cookie: cookies.RECEPTIONIST } })).text();
    expect(html).toContain(`href="/staff/patients/${walkIn.id}"`);
  });
});
