import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "./generated/client.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";

/**
 * The SQL migrations must create exactly what prisma/schema.prisma describes: every model
 * round-trips through the generated client, and every table has exactly the model's columns.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase("schema");
});
afterAll(async () => {
  await t.drop();
});

describe("schema.prisma and the migrations agree", () => {
  it("has exactly the model's scalar columns in every table", async () => {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      for (const model of Object.values(Prisma.ModelName)) {
        const enumName = `${model}ScalarFieldEnum` as keyof typeof Prisma;
        const fields = Object.keys(Prisma[enumName] as Record<string, string>).sort();
        const { rows } = await client.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
          [model],
        );
        expect({ model, columns: rows.map((r) => r.column_name).sort() }).toEqual({ model, columns: fields });
      }
    } finally {
      await client.end();
    }
  });

  it("round-trips every model through the client", async () => {
    const { db } = t;
    const user = await db.user.create({ data: { email: "roundtrip@clinicflow.test", passwordHash: "x", role: "CLINICIAN", displayName: "Round Trip" } });
    const patientUser = await db.user.create({ data: { email: "patient-rt@clinicflow.test", passwordHash: "x", role: "PATIENT", displayName: "P" } });
    const patient = await db.patient.create({
      data: { userId: patientUser.id, medicalRecordNumber: "MRN-RT000001", firstName: "Ada", lastName: "Lovelace", dateOfBirth: new Date("1985-12-10"), phone: "+49 30 1", email: "ada@example.test", notes: "allergic to penicillin" },
    });
    const location = await db.location.create({ data: { name: "Round Trip Clinic", timeZone: "America/New_York", address: "1 Main St" } });
    const department = await db.department.create({ data: { name: "Cardiology", locationId: location.id } });
    const clinician = await db.clinician.create({ data: { userId: user.id, departmentId: department.id, room: "Room 9", title: "Cardiologist" } });
    const availability = await db.weeklyAvailability.create({ data: { clinicianId: clinician.id, weekday: 2, startMinute: 480, endMinute: 720 } });
    const timeOff = await db.timeOff.create({ data: { clinicianId: clinician.id, startsAt: new Date("2026-12-24T00:00:00Z"), endsAt: new Date("2026-12-27T00:00:00Z"), reason: "Holidays" } });
    const type = await db.appointmentType.create({ data: { departmentId: department.id, name: "ECG", durationMinutes: 20, bookableOnline: false } });
    const announcement = await db.announcement.create({ data: { authorId: user.id, body: "Lift out of order" } });

    const read = await db.clinician.findUniqueOrThrow({
      where: { id: clinician.id },
      include: { user: { include: { announcements: true } }, department: { include: { location: true, appointmentTypes: true } }, weeklyAvailability: true, timeOff: true },
    });
    expect(read.user.role).toBe("CLINICIAN");
    expect(read.user.announcements.map((a) => a.id)).toEqual([announcement.id]);
    expect(read.department.location.timeZone).toBe("America/New_York");
    expect(read.department.appointmentTypes).toEqual([type]);
    expect(read.weeklyAvailability).toEqual([availability]);
    expect(read.timeOff).toEqual([timeOff]);
    const readPatient = await db.patient.findUniqueOrThrow({ where: { medicalRecordNumber: "MRN-RT000001" }, include: { user: true } });
    expect(readPatient).toMatchObject({ ...patient, user: { id: patientUser.id } });
    expect(readPatient.dateOfBirth.toISOString()).toBe("1985-12-10T00:00:00.000Z");
    expect(read.user.createdAt).toBeInstanceOf(Date);
    expect(type.bookableOnline).toBe(false);
  });
});

describe("the database refuses bad data on its own", () => {
  const refuses = async (sql: string) => {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      await expect(client.query(sql)).rejects.toThrow();
    } finally {
      await client.end();
    }
  };

  it.each([
    ["an upper-case email", `INSERT INTO "User" (id, email, "passwordHash", role, "displayName", "updatedAt") VALUES (gen_random_uuid(), 'Upper@Clinicflow.test', 'x', 'ADMIN', 'A', now())`],
    ["an unknown role", `INSERT INTO "User" (id, email, "passwordHash", role, "displayName", "updatedAt") VALUES (gen_random_uuid(), 'r@clinicflow.test', 'x', 'JANITOR', 'A', now())`],
    ["a blank patient name", `INSERT INTO "Patient" (id, "medicalRecordNumber", "firstName", "lastName", "dateOfBirth", "updatedAt") VALUES (gen_random_uuid(), 'MRN-BAD00001', ' ', 'X', '1990-01-01', now())`],
    ["a malformed medical record number", `INSERT INTO "Patient" (id, "medicalRecordNumber", "firstName", "lastName", "dateOfBirth", "updatedAt") VALUES (gen_random_uuid(), 'mrn 1', 'A', 'B', '1990-01-01', now())`],
    ["a weekday of 7", `INSERT INTO "WeeklyAvailability" (id, "clinicianId", weekday, "startMinute", "endMinute") SELECT gen_random_uuid(), id, 7, 0, 60 FROM "Clinician" LIMIT 1`],
    ["an availability ending before it starts", `INSERT INTO "WeeklyAvailability" (id, "clinicianId", weekday, "startMinute", "endMinute") SELECT gen_random_uuid(), id, 1, 600, 540 FROM "Clinician" LIMIT 1`],
    ["time off ending before it starts", `INSERT INTO "TimeOff" (id, "clinicianId", "startsAt", "endsAt") SELECT gen_random_uuid(), id, now(), now() - interval '1 hour' FROM "Clinician" LIMIT 1`],
    ["a zero-minute appointment type", `INSERT INTO "AppointmentType" (id, "departmentId", name, "durationMinutes") SELECT gen_random_uuid(), id, 'Zero', 0 FROM "Department" LIMIT 1`],
    ["a department of a missing location", `INSERT INTO "Department" (id, "locationId", name) VALUES (gen_random_uuid(), gen_random_uuid(), 'Ghost')`],
    ["a second account with the same email", `INSERT INTO "User" (id, email, "passwordHash", role, "displayName", "updatedAt") VALUES (gen_random_uuid(), 'roundtrip@clinicflow.test', 'x', 'ADMIN', 'A', now())`],
  ])("refuses %s", async (_label, sql) => {
    await refuses(sql);
  });

  it("still has exactly one clinician (the refused rows left nothing behind)", async () => {
    expect(await t.db.clinician.count()).toBe(1);
    expect(await t.db.weeklyAvailability.count()).toBe(1);
  });
});
