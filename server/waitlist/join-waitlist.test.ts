import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../roles.ts";
import { errorOf } from "../../tests/helpers/app-errors.ts";
import { createBookableClinic, recordingRealtime, type BookableClinic } from "../../tests/helpers/booking-fixtures.ts";
import { createUser, type TestUser } from "../../tests/helpers/factories.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { joinedWaitlist } from "../../tests/helpers/waitlist-fixtures.ts";
import { joinWaitlist } from "./join-waitlist.ts";
import { leaveWaitlist } from "./leave-waitlist.ts";
import { listWaitlist } from "./list-waitlist.ts";

let t: TestDatabase;
let clinic: BookableClinic;
let otherClinic: BookableClinic;
let reception: SessionUser;
let clinicianUser: SessionUser;

async function newPatient(): Promise<TestUser & { patientId: string }> {
  const user = await createUser(t.db, "PATIENT");
  const { id } = await t.db.patient.findUniqueOrThrow({ where: { userId: user.id }, select: { id: true } });
  return { ...user, patientId: id };
}

function join(user: SessionUser, input: Record<string, unknown> = {}) {
  return joinWaitlist(t.db, user, { departmentId: clinic.departmentId, appointmentTypeId: clinic.onlineType.id, fromDate: clinic.day(1), toDate: clinic.day(14), ...input });
}

beforeAll(async () => {
  t = await createTestDatabase("waitlist_join");
  clinic = await createBookableClinic(t.db, { clinicians: 2, patients: 2 });
  otherClinic = await createBookableClinic(t.db, { clinicians: 1, patients: 0 });
  reception = clinic.reception;
  const dr = clinic.clinicians[0]!.user;
  clinicianUser = { id: dr.id, role: "CLINICIAN", displayName: dr.displayName };
});
afterAll(async () => {
  await t.drop();
});

describe("joinWaitlist", () => {
  it("a patient joins for themselves; reception for any patient, phone-only types too", async () => {
    const patient = clinic.patients[0]!;
    const [dr] = clinic.clinicians;
    const own = await join(patient, { clinicianId: dr!.id });
    expect(own).toMatchObject({
      status: "WAITING",
      fromDate: clinic.day(1),
      toDate: clinic.day(14),
      timeZone: "Europe/Berlin",
      department: { id: clinic.departmentId },
      clinician: { id: dr!.id, displayName: dr!.user.displayName },
      appointmentType: { id: clinic.onlineType.id, name: "Consultation", durationMinutes: 30 },
      offer: null,
    });
    expect(own.patient).toBeUndefined(); // patients never see patient blocks

    const byReception = await join(reception, { appointmentTypeId: clinic.phoneOnlyType.id, patientId: patient.patientId });
    expect(byReception).toMatchObject({ status: "WAITING", clinician: null, appointmentType: { id: clinic.phoneOnlyType.id }, patient: { id: patient.patientId } });
  });

  it.each([
    ["a type of another department", () => ({ appointmentTypeId: otherClinic.onlineType.id }), "appointmentTypeId"],
    ["a clinician of another department", () => ({ clinicianId: otherClinic.clinicians[0]!.id }), "clinicianId"],
    ["a phone-only type", () => ({ appointmentTypeId: clinic.phoneOnlyType.id }), "appointmentTypeId"],
    ["an end before the start", () => ({ fromDate: clinic.day(5), toDate: clinic.day(4) }), "toDate"],
    ["a start in the past", () => ({ fromDate: clinic.day(-1) }), "fromDate"],
    ["more than 60 days", () => ({ fromDate: clinic.day(1), toDate: clinic.day(61) }), "toDate"],
    ["a malformed date", () => ({ fromDate: "soon" }), "fromDate"],
    ["a department that is not an id", () => ({ departmentId: "general" }), "departmentId"],
  ])("refuses %s, naming the field, and writes nothing", async (_label, input, field) => {
    const patient = clinic.patients[1]!;
    const error = await errorOf(join(patient, input()));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.details).toContainEqual(expect.objectContaining({ field }));
    expect(await t.db.waitlistEntry.count({ where: { patientId: patient.patientId } })).toBe(0);
  });

  it("takes up to 60 days, today included", async () => {
    const entry = await join(await newPatient(), { fromDate: clinic.day(0), toDate: clinic.day(59) });
    expect(entry).toMatchObject({ status: "WAITING", fromDate: clinic.day(0), toDate: clinic.day(59) });
  });

  it("answers an unknown type 404, a clinician 403, and staff who do not say for whom 400", async () => {
    expect((await errorOf(join(clinic.patients[1]!, { appointmentTypeId: "00000000-0000-4000-8000-000000000000" }))).code).toBe("NOT_FOUND");
    expect((await errorOf(join(clinicianUser, { patientId: clinic.patients[1]!.patientId }))).code).toBe("FORBIDDEN");
    expect(await errorOf(join(reception))).toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "patientId", problem: "is required" }] });
    expect(await errorOf(join(reception, { patientId: "00000000-0000-4000-8000-000000000000" }))).toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "patientId", problem: "does not exist" }] });
  });

  it("keeps one active entry per patient and type: a second is 409, joining again after leaving works", async () => {
    const patient = await newPatient();
    const first = await join(patient);
    const again = await errorOf(join(patient, { clinicianId: clinic.clinicians[1]!.id, fromDate: clinic.day(3) }));
    expect(again).toMatchObject({ code: "CONFLICT", details: { entryId: first.id } });
    expect((await errorOf(join(reception, { patientId: patient.patientId }))).code).toBe("CONFLICT");

    await leaveWaitlist(t.db, recordingRealtime(), patient, first.id);
    expect((await join(patient)).status).toBe("WAITING");
  });

  it("lets exactly one of several joins at once through", async () => {
    const patient = await newPatient();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => join(patient)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.db.waitlistEntry.count({ where: { patientId: patient.patientId, status: "WAITING" } })).toBe(1);
  });
});

describe("listWaitlist", () => {
  it("staff see every active entry, longest waiting first, with who is waiting; a patient only their own", async () => {
    const a = await newPatient();
    const b = await newPatient();
    const older = await joinedWaitlist(t.db, clinic, a);
    const newer = await joinedWaitlist(t.db, clinic, b, { clinicianId: clinic.clinicians[1]!.id });
    const ended = await joinedWaitlist(t.db, clinic, reception, { appointmentTypeId: clinic.phoneOnlyType.id, patientId: a.patientId });
    await leaveWaitlist(t.db, recordingRealtime(), reception, ended.id);

    const { entries } = await listWaitlist(t.db, reception);
    expect(entries.every((e) => e.status === "WAITING" || e.status === "OFFERED")).toBe(true);
    const stamps = entries.map((e) => e.createdAt);
    expect([...stamps].sort()).toEqual(stamps);
    const ids = entries.map((e) => e.id);
    expect(ids).not.toContain(ended.id);
    expect(ids.indexOf(older.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(newer.id));
    const record = await t.db.patient.findUniqueOrThrow({ where: { id: a.patientId }, select: { firstName: true, lastName: true, medicalRecordNumber: true } });
    expect(entries.find((e) => e.id === older.id)).toMatchObject({ patient: { id: a.patientId, ...record }, clinician: null, offer: null });
    expect((await listWaitlist(t.db, clinicianUser)).entries.map((e) => e.id)).toEqual(ids);

    const own = await listWaitlist(t.db, a);
    expect(own.entries.map((e) => [e.id, e.status])).toEqual([
      [ended.id, "CANCELLED"],
      [older.id, "WAITING"],
    ]);
    expect(own.entries[0]?.patient).toBeUndefined();
  });
});

describe("leaveWaitlist", () => {
  it("a patient leaves their own entry; another patient gets 404, a clinician 403, an ended entry 409", async () => {
    const patient = await newPatient();
    const mine = await join(patient);
    expect((await errorOf(leaveWaitlist(t.db, recordingRealtime(), clinic.patients[1]!, mine.id))).code).toBe("NOT_FOUND");
    expect((await errorOf(leaveWaitlist(t.db, recordingRealtime(), clinicianUser, mine.id))).code).toBe("FORBIDDEN");
    expect((await errorOf(leaveWaitlist(t.db, recordingRealtime(), patient, "not-an-id"))).code).toBe("NOT_FOUND");

    const left = await leaveWaitlist(t.db, recordingRealtime(), patient, mine.id);
    expect(left).toMatchObject({ id: mine.id, status: "CANCELLED", offer: null });
    expect((await errorOf(leaveWaitlist(t.db, recordingRealtime(), patient, mine.id))).code).toBe("CONFLICT");
  });

  it("reception takes any patient's entry off the list", async () => {
    const patient = await newPatient();
    const entry = await join(reception, { appointmentTypeId: clinic.phoneOnlyType.id, patientId: patient.patientId });
    expect((await leaveWaitlist(t.db, recordingRealtime(), reception, entry.id)).status).toBe("CANCELLED");
  });
});
