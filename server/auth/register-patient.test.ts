import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { verifyPassword } from "./password.ts";
import { registerPatient } from "./register-patient.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase("register");
});
afterAll(async () => {
  await t.drop();
});

const valid = { email: "new.patient@example.test", password: "a long enough password", firstName: "Nina", lastName: "Neu", dateOfBirth: "1993-04-05", phone: "+49 30 555 0100" };

describe("registerPatient", () => {
  it("creates the account and the linked patient record, with a hashed password", async () => {
    const user = await registerPatient(t.db, valid);
    expect(user.role).toBe("PATIENT");
    const stored = await t.db.user.findUniqueOrThrow({ where: { id: user.id }, include: { patient: true } });
    expect(stored.passwordHash).not.toContain(valid.password);
    expect(await verifyPassword(stored.passwordHash, valid.password)).toBe(true);
    expect(stored.patient).toMatchObject({ firstName: "Nina", lastName: "Neu", phone: "+49 30 555 0100", email: valid.email });
    expect(stored.patient?.medicalRecordNumber).toMatch(/^MRN-[A-Z0-9]{8}$/);
    expect(stored.patient?.dateOfBirth.toISOString().slice(0, 10)).toBe("1993-04-05");
  });

  it.each([
    ["email", { email: "nope" }, "must be an email address"],
    ["password", { password: "short" }, "must be at least 10 characters"],
    ["firstName", { firstName: "  " }, "is required"],
    ["dateOfBirth", { dateOfBirth: "1993-02-30" }, "is not a real date"],
    ["dateOfBirth", { dateOfBirth: "2999-01-01" }, "cannot be in the future"],
    ["dateOfBirth", { dateOfBirth: "05/04/1993" }, "must be a date as YYYY-MM-DD"],
    ["phone", { phone: "call me" }, "must be a phone number"],
  ])("names the field when %s is bad", async (field, override, problem) => {
    const error = await registerPatient(t.db, { ...valid, email: `x-${field}@example.test`, ...override }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION_FAILED");
    expect((error as AppError).details).toContainEqual({ field, problem });
  });

  it("refuses a second account for the same email with 409", async () => {
    const error = await registerPatient(t.db, { ...valid, email: "NEW.PATIENT@example.test" }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe("CONFLICT");
    expect((error as AppError).details).toEqual([{ field: "email", problem: "is already registered" }]);
  });

  it("lets exactly one of many racing registrations for one email through, leaving no orphan records", async () => {
    const email = "racer@example.test";
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => registerPatient(t.db, { ...valid, email })));
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused.map((r) => (r.reason as AppError).code)).toEqual(Array(11).fill("CONFLICT"));
    expect(await t.db.user.count({ where: { email } })).toBe(1);
    expect(await t.db.patient.count({ where: { email } })).toBe(1);
  });
});
