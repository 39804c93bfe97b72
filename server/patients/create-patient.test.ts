import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPatientRecord, createUser, type TestUser } from "../../tests/helpers/factories.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { createPatient } from "./create-patient.ts";

let t: TestDatabase;
let reception: TestUser;
beforeAll(async () => {
  t = await createTestDatabase("create_patient");
  reception = await createUser(t.db, "RECEPTIONIST");
});
afterAll(async () => {
  await t.drop();
});

const valid = { firstName: "Nina", lastName: "Neu", dateOfBirth: "1993-04-05", phone: "+49 30 555 0100", email: "Nina.Neu@Example.test", notes: "Prefers mornings." };

async function counts() {
  return { patients: await t.db.patient.count(), events: await t.db.auditEvent.count() };
}

describe("createPatient", () => {
  it("creates a record with a new MRN and logs patient.create by the creator", async () => {
    const created = await createPatient(t.db, reception, { ...valid, firstName: "  Nina " });
    expect(created).toMatchObject({ firstName: "Nina", lastName: "Neu", dateOfBirth: "1993-04-05", phone: "+49 30 555 0100", email: "nina.neu@example.test", notes: "Prefers mornings.", accountEmail: null });
    expect(created.medicalRecordNumber).toMatch(/^MRN-[A-Z0-9]{8}$/);
    const events = await t.db.auditEvent.findMany({ where: { patientId: created.id }, select: { actorId: true, action: true, details: true } });
    expect(events).toEqual([{ actorId: reception.id, action: "patient.create", details: null }]);
  });

  it("lets admins create records too, with only the required fields", async () => {
    const admin = await createUser(t.db, "ADMIN");
    const created = await createPatient(t.db, admin, { firstName: "Otto", lastName: "Ohne", dateOfBirth: "2001-01-01" });
    expect(created).toMatchObject({ phone: null, email: null, notes: null });
  });

  it.each([
    ["firstName", { firstName: " " }, "is required"],
    ["dateOfBirth", { dateOfBirth: "2999-01-01" }, "cannot be in the future"],
    ["dateOfBirth", { dateOfBirth: "1899-12-31" }, "must be 1900-01-01 or later"],
    ["dateOfBirth", { dateOfBirth: "1993-02-30" }, "is not a real date"],
    ["notes", { notes: "x".repeat(2001) }, "must be at most 2000 characters"],
    ["phone", { phone: "call me" }, "must be a phone number"],
    ["email", { email: "nope" }, "must be an email address"],
    ["confirmDuplicate", { confirmDuplicate: "yes" }, "must be true or false"],
  ])("refuses a bad %s, naming it, and writes nothing", async (field, override, problem) => {
    const before = await counts();
    const error = await createPatient(t.db, reception, { ...valid, ...override }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "VALIDATION_FAILED" });
    expect((error as { details: unknown[] }).details).toContainEqual({ field, problem });
    expect(await counts()).toEqual(before);
  });

  it.each(["CLINICIAN", "PATIENT"] as const)("refuses a %s and writes nothing", async (role) => {
    const user = await createUser(t.db, role);
    const before = await counts();
    await expect(createPatient(t.db, user, valid)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await counts()).toEqual(before);
  });

  it("writes neither the record nor the event when the event cannot be written", async () => {
    const ghost = { id: randomUUID(), role: "RECEPTIONIST" as const, displayName: "Gone" };
    const before = await counts();
    await expect(createPatient(t.db, ghost, { ...valid, lastName: "Atomic" })).rejects.toThrow();
    expect(await counts()).toEqual(before);
  });
});

describe("createPatient duplicate detection", () => {
  it("refuses the same name (any case, trimmed) and date of birth with CONFLICT listing the existing record", async () => {
    const existing = await createPatientRecord(t.db, { firstName: "Ada", lastName: "Lovelace", dateOfBirth: "1915-12-10" });
    const before = await counts();
    const error = await createPatient(t.db, reception, { firstName: " ada", lastName: "LOVELACE ", dateOfBirth: "1915-12-10" }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "CONFLICT",
      message: "A patient with this name and date of birth already exists.",
      details: { duplicates: [{ id: existing.id, medicalRecordNumber: existing.medicalRecordNumber, firstName: "Ada", lastName: "Lovelace", dateOfBirth: "1915-12-10" }] },
    });
    expect(await counts()).toEqual(before);
  });

  it("creates a namesake with another date of birth without asking", async () => {
    await createPatientRecord(t.db, { firstName: "Grace", lastName: "Hopper", dateOfBirth: "1906-12-09" });
    await expect(createPatient(t.db, reception, { firstName: "Grace", lastName: "Hopper", dateOfBirth: "1956-12-09" })).resolves.toMatchObject({ dateOfBirth: "1956-12-09" });
  });

  it("creates the record anyway with confirmDuplicate, and the event says so", async () => {
    await createPatientRecord(t.db, { firstName: "Alan", lastName: "Turing", dateOfBirth: "1912-06-23" });
    const created = await createPatient(t.db, reception, { firstName: "Alan", lastName: "Turing", dateOfBirth: "1912-06-23", confirmDuplicate: true });
    expect(await t.db.patient.count({ where: { lastName: "Turing" } })).toBe(2);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { patientId: created.id }, select: { action: true, details: true } });
    expect(event).toEqual({ action: "patient.create", details: { duplicateConfirmed: true } });
  });

  it("lets only one of several simultaneous creations of the same person through", async () => {
    const person = { firstName: "Racing", lastName: "Twin", dateOfBirth: "2000-02-02" };
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => createPatient(t.db, reception, person)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code: string }).code] : []))).toEqual(Array(5).fill("CONFLICT"));
    expect(await t.db.patient.count({ where: { lastName: "Twin" } })).toBe(1);
  });
});
