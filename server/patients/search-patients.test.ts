import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../db/generated/client.ts";
import { AppError } from "../errors.ts";
import { createPatientRecord, createUser, type TestUser } from "../../tests/helpers/factories.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { searchPatients, searchQuery } from "./search-patients.ts";

let t: TestDatabase;
let reception: TestUser;
beforeAll(async () => {
  t = await createTestDatabase("search");
  reception = await createUser(t.db, "RECEPTIONIST");
  const people = [
    { firstName: "Ada", lastName: "Lovelace", dateOfBirth: "1915-12-10", phone: "+44 20 7946 0018", medicalRecordNumber: "MRN-LOVE0001" },
    { firstName: "Augusta", lastName: "Lovelace", dateOfBirth: "1916-03-01", phone: "+44 20 7946 0099", medicalRecordNumber: "MRN-LOVE0002" },
    { firstName: "Ada", lastName: "Byron", dateOfBirth: "1950-01-01", medicalRecordNumber: "MRN-BYRON001" },
    { firstName: "Grace", lastName: "Hopper", dateOfBirth: "1906-12-09", phone: "(555) 010-0199" },
    { firstName: "Mary Ann", lastName: "Smith", dateOfBirth: "1970-05-05" },
    { firstName: "Pieter", lastName: "van der Berg", dateOfBirth: "1980-08-08" },
  ];
  for (const p of people) await createPatientRecord(t.db, p);
});
afterAll(async () => {
  await t.drop();
});

async function namesFound(q: string): Promise<string[]> {
  const { patients } = await searchPatients(t.db, reception, { q });
  return patients.map((p) => `${p.firstName} ${p.lastName}`);
}

describe("searchPatients by name", () => {
  it("matches a case-insensitive prefix of the last name, ordered by last then first name", async () => {
    expect(await namesFound("Lovelace")).toEqual(["Ada Lovelace", "Augusta Lovelace"]);
    expect(await namesFound("LOVEL")).toEqual(["Ada Lovelace", "Augusta Lovelace"]);
  });

  it("matches a first-name prefix alone", async () => {
    expect(await namesFound("ada")).toEqual(["Ada Byron", "Ada Lovelace"]);
  });

  it("matches first and last name together in either order, and 'last, first'", async () => {
    expect(await namesFound("ada love")).toEqual(["Ada Lovelace"]);
    expect(await namesFound("lovelace ada")).toEqual(["Ada Lovelace"]);
    expect(await namesFound("Lovelace, Ad")).toEqual(["Ada Lovelace"]);
  });

  it("matches names of several words", async () => {
    expect(await namesFound("van der")).toEqual(["Pieter van der Berg"]);
    expect(await namesFound("pieter van der b")).toEqual(["Pieter van der Berg"]);
    expect(await namesFound("mary ann smith")).toEqual(["Mary Ann Smith"]);
  });

  it("searches a name with a digit in it by name, and one word with a digit as an MRN", async () => {
    await createPatientRecord(t.db, { firstName: "Henry", lastName: "Tudor 8" });
    expect(await namesFound("henry tudor 8")).toEqual(["Henry Tudor 8"]);
    expect((await searchPatients(t.db, reception, { q: "A-1234" })).kind).toBe("medicalRecordNumber");
  });

  it("treats LIKE wildcards as plain characters", async () => {
    expect(await namesFound("_da")).toEqual([]);
    expect(await namesFound("%ace")).toEqual([]);
  });

  it("finds nobody for a name nobody has", async () => {
    expect(await namesFound("Babbage")).toEqual([]);
  });

  it("returns at most 25, the first by name", async () => {
    for (let i = 1; i <= 30; i++) await createPatientRecord(t.db, { firstName: `F${String(i).padStart(2, "0")}`, lastName: "Mannering" });
    const { patients } = await searchPatients(t.db, reception, { q: "mannering" });
    expect(patients.map((p) => p.firstName)).toEqual(Array.from({ length: 25 }, (_, i) => `F${String(i + 1).padStart(2, "0")}`));
  });

  it("is planned on the lower(name) indexes", async () => {
    const plan = await t.db.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      const rows = await tx.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN ${searchQuery("name", "ada love")}`);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(plan).toContain("Patient_lower_lastName_idx");
    expect(plan).toContain("Patient_lower_firstName_idx");
    expect(plan).not.toContain("Seq Scan");
  });
});

describe("searchPatients by other keys", () => {
  it("finds a medical record number exactly or by prefix, in any case", async () => {
    expect(await namesFound("mrn-love0001")).toEqual(["Ada Lovelace"]);
    expect(await namesFound("MRN-LOVE")).toEqual(["Ada Lovelace", "Augusta Lovelace"]);
    expect((await searchPatients(t.db, reception, { q: "mrn-love" })).kind).toBe("medicalRecordNumber");
  });

  it("finds a date of birth", async () => {
    const result = await searchPatients(t.db, reception, { q: "1915-12-10" });
    expect(result.kind).toBe("dateOfBirth");
    expect(result.patients).toEqual([
      { id: expect.any(String), medicalRecordNumber: "MRN-LOVE0001", firstName: "Ada", lastName: "Lovelace", dateOfBirth: "1915-12-10", phone: "+44 20 7946 0018" },
    ]);
  });

  it("compares phone numbers by their digits only", async () => {
    expect(await namesFound("442079460018")).toEqual(["Ada Lovelace"]);
    expect(await namesFound("+44 (20) 7946-0018")).toEqual(["Ada Lovelace"]);
    expect(await namesFound("555 010 0199")).toEqual(["Grace Hopper"]);
    expect(await namesFound("+44 20 7946 0000")).toEqual([]);
  });

  it.each([
    ["", "must be at least 2 characters"],
    ["1915-02-30", "is not a real date"],
    ["x".repeat(101), "must be at most 100 characters"],
  ])("refuses q=%j naming the field", async (q, problem) => {
    const error = await searchPatients(t.db, reception, { q }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "q", problem }] });
  });
});

describe("searchPatients access and audit", () => {
  it("writes patient.search with the kind and the count, never the query text", async () => {
    const clinician = await createUser(t.db, "CLINICIAN");
    await searchPatients(t.db, clinician, { q: "Lovelace" });
    await searchPatients(t.db, clinician, { q: "+44 20 7946 0018" });
    const events = await t.db.auditEvent.findMany({ where: { actorId: clinician.id }, orderBy: { at: "asc" }, select: { action: true, patientId: true, details: true } });
    expect(events).toEqual([
      { action: "patient.search", patientId: null, details: { kind: "name", count: 2 } },
      { action: "patient.search", patientId: null, details: { kind: "phone", count: 1 } },
    ]);
  });

  it("refuses patients, and logs nothing for them", async () => {
    const patient = await createUser(t.db, "PATIENT");
    const error = await searchPatients(t.db, patient, { q: "Lovelace" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "FORBIDDEN" });
    expect(await t.db.auditEvent.count({ where: { actorId: patient.id } })).toBe(0);
  });
});
