import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPatientRecord, createUser, type TestUser } from "../../tests/helpers/factories.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { updatePatient } from "./update-patient.ts";

let t: TestDatabase;
let reception: TestUser;
let clinician: TestUser;
beforeAll(async () => {
  t = await createTestDatabase("update_patient");
  reception = await createUser(t.db, "RECEPTIONIST");
  clinician = await createUser(t.db, "CLINICIAN");
});
afterAll(async () => {
  await t.drop();
});

const original = { firstName: "Ada", lastName: "Lovelace", dateOfBirth: "1915-12-10", phone: "+44 20 7946 0018", email: "ada@example.test", notes: "Allergic to penicillin." };

function stored(id: string) {
  return t.db.patient.findUniqueOrThrow({ where: { id }, select: { firstName: true, lastName: true, dateOfBirth: true, phone: true, email: true, notes: true, updatedAt: true } });
}

function updateEvents(patientId: string) {
  return t.db.auditEvent.findMany({ where: { patientId, action: "patient.update" }, orderBy: { at: "asc" }, select: { actorId: true, details: true } });
}

describe("updatePatient by reception", () => {
  it("changes only the fields sent and logs their names", async () => {
    const { id } = await createPatientRecord(t.db, original);
    const record = await updatePatient(t.db, reception, id, { phone: "+44 20 7946 0999" });
    expect(record).toMatchObject({ ...original, phone: "+44 20 7946 0999" });
    expect(await stored(id)).toMatchObject({ firstName: "Ada", email: "ada@example.test", notes: "Allergic to penicillin.", phone: "+44 20 7946 0999" });
    expect(await updateEvents(id)).toEqual([{ actorId: reception.id, details: { fields: ["phone"] } }]);
  });

  it("lists only the fields whose value changed, and never the values", async () => {
    const { id } = await createPatientRecord(t.db, original);
    const changes = { firstName: "Ada", lastName: "King", dateOfBirth: "1915-12-11", email: "countess@example.test", notes: "Now prefers afternoons." };
    await updatePatient(t.db, reception, id, changes);
    const events = await updateEvents(id);
    expect(events).toEqual([{ actorId: reception.id, details: { fields: ["lastName", "dateOfBirth", "email", "notes"] } }]);
    const written = JSON.stringify(events);
    for (const value of [...Object.values(original), ...Object.values(changes)]) expect(written).not.toContain(value);
  });

  it("clears phone, email and notes with null", async () => {
    const { id } = await createPatientRecord(t.db, original);
    const record = await updatePatient(t.db, reception, id, { phone: null, notes: "   " });
    expect(record).toMatchObject({ phone: null, notes: null, email: "ada@example.test" });
    expect(await updateEvents(id)).toEqual([{ actorId: reception.id, details: { fields: ["phone", "notes"] } }]);
  });

  it("writes nothing and logs nothing when every value is already as sent", async () => {
    const { id } = await createPatientRecord(t.db, original);
    const before = await stored(id);
    await updatePatient(t.db, reception, id, { firstName: "Ada", phone: "+44 20 7946 0018" });
    expect(await stored(id)).toEqual(before);
    expect(await updateEvents(id)).toEqual([]);
  });

  it.each([
    ["(body)", {}, "must contain at least one of firstName, lastName, dateOfBirth, phone, email, notes"],
    ["lastName", { lastName: "" }, "is required"],
    ["dateOfBirth", { dateOfBirth: "2999-01-01" }, "cannot be in the future"],
    ["notes", { notes: "x".repeat(2001) }, "must be at most 2000 characters"],
    ["firstName", { firstName: null }, "must be text"],
  ])("refuses a bad %s, naming it, and changes nothing", async (field, body, problem) => {
    const { id } = await createPatientRecord(t.db, original);
    const before = await stored(id);
    const error = await updatePatient(t.db, reception, id, body).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", details: [{ field, problem }] });
    expect(await stored(id)).toEqual(before);
    expect(await updateEvents(id)).toEqual([]);
  });

  it("answers NOT_FOUND for an unknown or malformed id", async () => {
    await expect(updatePatient(t.db, reception, randomUUID(), { phone: "+49 30 1234567" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updatePatient(t.db, reception, "not-a-uuid", { phone: "+49 30 1234567" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("changes nothing when the audit event cannot be written", async () => {
    const { id } = await createPatientRecord(t.db, original);
    const before = await stored(id);
    const ghost = { id: randomUUID(), role: "RECEPTIONIST" as const, displayName: "Gone" };
    await expect(updatePatient(t.db, ghost, id, { phone: "+49 30 7654321" })).rejects.toThrow();
    expect(await stored(id)).toEqual(before);
    expect(await t.db.auditEvent.count({ where: { patientId: id } })).toBe(0);
  });
});

describe("updatePatient by clinicians and patients", () => {
  it("lets a clinician change the notes", async () => {
    const { id } = await createPatientRecord(t.db, original);
    const record = await updatePatient(t.db, clinician, id, { notes: "Seen for follow-up." });
    expect(record.notes).toBe("Seen for follow-up.");
    expect(await updateEvents(id)).toEqual([{ actorId: clinician.id, details: { fields: ["notes"] } }]);
  });

  it("refuses a clinician anything but notes, naming the fields, and changes nothing", async () => {
    const { id } = await createPatientRecord(t.db, original);
    const before = await stored(id);
    const error = await updatePatient(t.db, clinician, id, { notes: "ok", phone: "+49 30 1234567", lastName: "X" }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "FORBIDDEN",
      details: [
        { field: "lastName", problem: "may be changed by admins and reception only" },
        { field: "phone", problem: "may be changed by admins and reception only" },
      ],
    });
    expect(await stored(id)).toEqual(before);
    expect(await updateEvents(id)).toEqual([]);
  });

  it("refuses patients, even for their own record", async () => {
    const patient = await createUser(t.db, "PATIENT");
    const own = await t.db.patient.findUniqueOrThrow({ where: { userId: patient.id }, select: { id: true } });
    await expect(updatePatient(t.db, patient, own.id, { notes: "mine" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
