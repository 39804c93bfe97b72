import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../tests/helpers/factories.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { updateOwnContact } from "./update-own-contact.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase("own_contact");
});
afterAll(async () => {
  await t.drop();
});

async function patientWithRecord() {
  const user = await createUser(t.db, "PATIENT");
  const record = await t.db.patient.findUniqueOrThrow({ where: { userId: user.id }, select: { id: true, firstName: true } });
  return { user, record };
}

describe("updateOwnContact", () => {
  it("changes phone and email on the record, not the sign-in email, and logs it as the patient", async () => {
    const { user, record } = await patientWithRecord();
    const profile = await updateOwnContact(t.db, user, { phone: "+49 30 2222222", email: "New.Address@example.test" });
    expect(profile).toMatchObject({ id: record.id, phone: "+49 30 2222222", email: "new.address@example.test" });
    expect(await t.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true } })).toEqual({ email: user.email });
    const events = await t.db.auditEvent.findMany({ where: { patientId: record.id }, select: { actorId: true, action: true, details: true } });
    expect(events).toEqual([{ actorId: user.id, action: "patient.update", details: { fields: ["phone", "email"] } }]);
    expect(JSON.stringify(events)).not.toContain("2222222");
  });

  it("logs only what changed, and ignores fields a patient may not change", async () => {
    const { user, record } = await patientWithRecord();
    await updateOwnContact(t.db, user, { email: user.email, phone: "+49 30 3333333", firstName: "Mallory", notes: "self-written" });
    const stored = await t.db.patient.findUniqueOrThrow({ where: { id: record.id }, select: { firstName: true, notes: true, phone: true } });
    expect(stored).toEqual({ firstName: record.firstName, notes: null, phone: "+49 30 3333333" });
    const events = await t.db.auditEvent.findMany({ where: { patientId: record.id }, select: { details: true } });
    expect(events).toEqual([{ details: { fields: ["phone"] } }]);
  });

  it("clears the phone with null", async () => {
    const { user } = await patientWithRecord();
    await updateOwnContact(t.db, user, { phone: "+49 30 4444444" });
    expect(await updateOwnContact(t.db, user, { phone: null })).toMatchObject({ phone: null });
  });

  it.each([
    ["(body)", {}, "must contain phone or email"],
    ["email", { email: "nope" }, "must be an email address"],
    ["phone", { phone: "call me" }, "must be a phone number"],
  ])("refuses a bad %s, naming it, and writes nothing", async (field, body, problem) => {
    const { user, record } = await patientWithRecord();
    await expect(updateOwnContact(t.db, user, body)).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: [{ field, problem }] });
    expect(await t.db.auditEvent.count({ where: { patientId: record.id } })).toBe(0);
  });

  it("refuses staff", async () => {
    const reception = await createUser(t.db, "RECEPTIONIST");
    await expect(updateOwnContact(t.db, reception, { phone: "+49 30 5555555" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("answers NOT_FOUND to a patient account without a record", async () => {
    const { user, record } = await patientWithRecord();
    await t.db.patient.update({ where: { id: record.id }, data: { userId: null } });
    await expect(updateOwnContact(t.db, user, { phone: "+49 30 6666666" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
