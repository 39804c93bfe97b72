import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { WaitlistEntryView } from "../../server/waitlist/waitlist-view.ts";
import { offerFreedSlot } from "../../server/waitlist/offer-freed-slot.ts";
import { startAppProcess, type AppProcess } from "../helpers/app-process.ts";
import { createBookableClinic, recordingRealtime, type BookableClinic } from "../helpers/booking-fixtures.ts";
import { createUser, type TestUser } from "../helpers/factories.ts";
import { eventually } from "../helpers/ports.ts";
import { signInOverHttp } from "../helpers/session.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";
import { joinedWaitlist } from "../helpers/waitlist-fixtures.ts";
import { callApi } from "../helpers/api.ts";

/** The waitlist through the real route handlers: who may do what, 404s, and a cancellation offered end to end. */
let t: TestDatabase;
let app: AppProcess;
let clinic: BookableClinic;
type Who = "ADMIN" | "RECEPTIONIST" | "CLINICIAN" | "PATIENT" | "OTHER_PATIENT";
const EVERYONE: (Who | null)[] = [null, "ADMIN", "RECEPTIONIST", "CLINICIAN", "PATIENT"];
const accounts = {} as Record<Who, TestUser>;
const cookie = {} as Record<Who, string>;

type Answer = { status: number; json: { data?: Record<string, unknown>; error?: { code: string; message: string } } };
function call(method: string, path: string, who: Who | null, body?: unknown): Promise<Answer> {
  return callApi(app.url, method, path, who ? cookie[who] ?? null : null, body) as Promise<Answer>;
}

async function newPatient(): Promise<TestUser & { patientId: string }> {
  const user = await createUser(t.db, "PATIENT");
  const { id } = await t.db.patient.findUniqueOrThrow({ where: { userId: user.id }, select: { id: true } });
  return { ...user, patientId: id };
}

function entriesOf(answer: Answer): WaitlistEntryView[] {
  return (answer.json.data as { entries: WaitlistEntryView[] }).entries;
}

beforeAll(async () => {
  t = await createTestDatabase("waitlisthttp");
  clinic = await createBookableClinic(t.db, { clinicians: 2, patients: 2 });
  Object.assign(accounts, { ADMIN: await createUser(t.db, "ADMIN"), RECEPTIONIST: clinic.reception, CLINICIAN: clinic.clinicians[0]!.user, PATIENT: clinic.patients[0]!, OTHER_PATIENT: clinic.patients[1]! });
  app = await startAppProcess({ databaseUrl: t.url, redisUrl: inject("redisUrl"), redisKeyPrefix: uniqueRedisPrefix("waitlisthttp") });
  for (const [who, user] of Object.entries(accounts) as [Who, TestUser][]) {
    const signedIn = await signInOverHttp(app.url, user.email, user.password);
    expect(signedIn.status, `sign-in as ${who}`).toBe(200);
    cookie[who] = signedIn.cookie!;
  }
}, 90_000);

afterAll(async () => {
  await app?.stop();
  await t?.drop();
});

describe("who may do what", () => {
  it("GET /api/waitlist: staff see everyone waiting, a patient only their own", async () => {
    const own = await joinedWaitlist(t.db, clinic, accounts.PATIENT);
    const others = await joinedWaitlist(t.db, clinic, clinic.reception, { patientId: (await newPatient()).patientId });
    const seen: Record<string, number> = {};
    for (const who of EVERYONE) {
      const answer = await call("GET", "/api/waitlist", who);
      seen[who ?? "anonymous"] = answer.status;
      if (answer.status !== 200) continue;
      const ids = entriesOf(answer).map((e) => e.id);
      if (who === "PATIENT") expect(ids).toEqual([own.id]);
      else expect(ids).toEqual(expect.arrayContaining([own.id, others.id]));
    }
    expect(seen).toEqual({ anonymous: 401, ADMIN: 200, RECEPTIONIST: 200, CLINICIAN: 200, PATIENT: 200 });
    expect(entriesOf(await call("GET", "/api/waitlist", "RECEPTIONIST")).find((e) => e.id === own.id)?.patient?.id).toBe(clinic.patients[0]!.patientId);
    expect(entriesOf(await call("GET", "/api/waitlist", "PATIENT"))[0]?.patient).toBeUndefined();
  });

  it("POST /api/waitlist: a patient for themselves, reception and admins for any patient, not clinicians", async () => {
    const seen: Record<string, number> = {};
    for (const who of EVERYONE) {
      const forPatient = who === "PATIENT" ? {} : { patientId: (await newPatient()).patientId };
      const answer = await call("POST", "/api/waitlist", who, { departmentId: clinic.departmentId, appointmentTypeId: clinic.phoneOnlyType.id, fromDate: clinic.day(1), toDate: clinic.day(7), ...forPatient });
      seen[who ?? "anonymous"] = answer.status;
    }
    // A patient may not wait for a phone-only type; staff may.
    expect(seen).toEqual({ anonymous: 401, ADMIN: 201, RECEPTIONIST: 201, CLINICIAN: 403, PATIENT: 400 });
    const patientJoins = await call("POST", "/api/waitlist", "OTHER_PATIENT", { departmentId: clinic.departmentId, appointmentTypeId: clinic.onlineType.id, fromDate: clinic.day(1), toDate: clinic.day(7) });
    expect(patientJoins).toMatchObject({ status: 201, json: { data: { entry: { status: "WAITING", fromDate: clinic.day(1) } } } });
    const again = await call("POST", "/api/waitlist", "OTHER_PATIENT", { departmentId: clinic.departmentId, appointmentTypeId: clinic.onlineType.id, fromDate: clinic.day(2), toDate: clinic.day(7) });
    expect(again).toMatchObject({ status: 409, json: { error: { code: "CONFLICT" } } });
  });

  it("DELETE /api/waitlist/[id]: a patient their own, reception and admins any; another patient's is 404", async () => {
    const seen: Record<string, number> = {};
    for (const who of EVERYONE) {
      const patientId = who === "PATIENT" ? clinic.patients[0]!.patientId : (await newPatient()).patientId;
      const entry = await joinedWaitlist(t.db, clinic, clinic.reception, { appointmentTypeId: clinic.phoneOnlyType.id, patientId });
      const answer = await call("DELETE", `/api/waitlist/${entry.id}`, who);
      seen[who ?? "anonymous"] = answer.status;
      const { status } = await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id }, select: { status: true } });
      expect({ who, status }).toEqual({ who, status: answer.status === 200 ? "CANCELLED" : "WAITING" });
      if (answer.status === 200) expect(answer.json.data).toMatchObject({ entry: { id: entry.id, status: "CANCELLED" } });
    }
    expect(seen).toEqual({ anonymous: 401, ADMIN: 200, RECEPTIONIST: 200, CLINICIAN: 403, PATIENT: 200 });

    const theirs = await joinedWaitlist(t.db, clinic, clinic.reception, { appointmentTypeId: clinic.phoneOnlyType.id, patientId: clinic.patients[1]!.patientId });
    expect(await call("DELETE", `/api/waitlist/${theirs.id}`, "PATIENT")).toMatchObject({ status: 404, json: { error: { code: "NOT_FOUND" } } });
    expect((await call("DELETE", "/api/waitlist/00000000-0000-4000-8000-000000000000", "RECEPTIONIST")).status).toBe(404);
    expect((await call("DELETE", "/api/waitlist/not-an-id", "RECEPTIONIST")).status).toBe(404);
  });

  it("POST /api/waitlist/[id]/decline: only the patient it is offered to", async () => {
    // A department of its own, so this patient is first in line for its slots.
    const own = await createBookableClinic(t.db, { clinicians: 1, patients: 0 });
    const entry = await joinedWaitlist(t.db, own, accounts.PATIENT);
    const offer = await offerFreedSlot({ db: t.db, realtime: recordingRealtime() }, { clinicianId: own.clinicians[0]!.id, appointmentTypeId: own.onlineType.id, startsAt: new Date(own.at(own.day(2), 9)) });
    expect(offer?.entryId).toBe(entry.id);

    const seen: Record<string, number> = {};
    for (const who of [...EVERYONE, "OTHER_PATIENT" as const]) seen[who ?? "anonymous"] = (await call("POST", `/api/waitlist/${entry.id}/decline`, who, {})).status;
    expect(seen).toEqual({ anonymous: 401, ADMIN: 403, RECEPTIONIST: 403, CLINICIAN: 403, OTHER_PATIENT: 404, PATIENT: 200 });
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: offer!.appointmentId }, select: { status: true, cancelReason: true } })).toEqual({ status: "CANCELLED", cancelReason: "Offer declined" });
    expect((await call("POST", `/api/waitlist/${entry.id}/decline`, "PATIENT", {})).status).toBe(409);
  });

  it.each([
    ["/patient/waitlist", ["PATIENT"]],
    ["/staff/waitlist", ["ADMIN", "RECEPTIONIST", "CLINICIAN"]],
  ])("page %s", async (path, allowed) => {
    for (const who of EVERYONE) {
      const res = await fetch(`${app.url}${path}`, { redirect: "manual", headers: who ? { cookie: cookie[who] } : {} });
      const expected = who === null ? 307 : allowed.includes(who) ? 200 : 403;
      expect({ who, status: res.status }).toEqual({ who, status: expected });
    }
  });
});

describe("a cancellation reaches the waitlist through the running server", () => {
  it("reception cancels, the first patient waiting is offered the slot and accepts it", async () => {
    const own = await createBookableClinic(t.db, { clinicians: 1, patients: 1 });
    const holder = own.patients[0]!;
    const date = own.day(3);
    const booked = await call("POST", "/api/appointments", "RECEPTIONIST", { appointmentTypeId: own.onlineType.id, clinicianId: own.clinicians[0]!.id, startsAt: own.at(date, 10), patientId: holder.patientId });
    expect(booked.status).toBe(201);
    const joined = await call("POST", "/api/waitlist", "PATIENT", { departmentId: own.departmentId, appointmentTypeId: own.onlineType.id, fromDate: date, toDate: date });
    expect(joined.status).toBe(201);
    const entryId = (joined.json.data as { entry: { id: string } }).entry.id;

    const appointmentId = (booked.json.data as { appointment: { id: string } }).appointment.id;
    expect((await call("POST", `/api/appointments/${appointmentId}/cancel`, "RECEPTIONIST", { reason: "Clinician ill" })).status).toBe(200);

    const offered = await eventually(async () => {
      const entry = entriesOf(await call("GET", "/api/waitlist", "PATIENT")).find((e) => e.id === entryId);
      expect(entry?.status).toBe("OFFERED");
      return entry!;
    }, 5_000);
    expect(offered.offer).toMatchObject({ startsAt: own.at(date, 10), appointmentTypeName: "Consultation" });

    const accepted = await call("POST", `/api/appointments/${offered.offer!.appointmentId}/confirm`, "PATIENT", {});
    expect(accepted).toMatchObject({ status: 200, json: { data: { appointment: { status: "BOOKED", startsAt: own.at(date, 10) } } } });
    expect(entriesOf(await call("GET", "/api/waitlist", "PATIENT")).find((e) => e.id === entryId)).toMatchObject({ status: "BOOKED", offer: null });
  });
});
