import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPatientRecord, createUser, type TestUser } from "../../tests/helpers/factories.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { getPatient } from "./get-patient.ts";

let t: TestDatabase;
let clinician: TestUser;
beforeAll(async () => {
  t = await createTestDatabase("get_patient");
  clinician = await createUser(t.db, "CLINICIAN");
});
afterAll(async () => {
  await t.drop();
});

function viewEvents(patientId: string) {
  return t.db.auditEvent.findMany({ where: { patientId, action: "patient.view" }, orderBy: { at: "asc" }, select: { actorId: true, details: true } });
}

/** Appointments for the patient: one booked ahead, one cancelled ahead, one booked in the past. */
async function giveAppointments(patientId: string, clinicianUserId: string): Promise<void> {
  const location = await t.db.location.create({ data: { name: `Clinic ${randomUUID()}`, timeZone: "Europe/Berlin" }, select: { id: true } });
  const department = await t.db.department.create({ data: { locationId: location.id, name: "General" }, select: { id: true } });
  const doc = await t.db.clinician.create({ data: { userId: clinicianUserId, departmentId: department.id, room: "1" }, select: { id: true } });
  const type = await t.db.appointmentType.create({ data: { departmentId: department.id, name: "Check-up", durationMinutes: 15 }, select: { id: true } });
  const at = (daysFromNow: number) => {
    const startsAt = new Date(Date.now() + daysFromNow * 86_400_000);
    const endsAt = new Date(startsAt.getTime() + 15 * 60_000);
    return { patientId, clinicianId: doc.id, appointmentTypeId: type.id, startsAt, endsAt, blockedUntil: endsAt };
  };
  await t.db.appointment.create({ data: { ...at(3), status: "BOOKED" } });
  await t.db.appointment.create({ data: { ...at(4), status: "CANCELLED", cancelledBy: "PATIENT", cancelledAt: new Date() } });
  await t.db.appointment.create({ data: { ...at(-3), status: "BOOKED" } });
}

describe("getPatient for staff", () => {
  it("returns the whole record, with the account email and upcoming appointments, and logs the view", async () => {
    const patientUser = await createUser(t.db, "PATIENT");
    const { id } = await t.db.patient.update({ where: { userId: patientUser.id }, data: { notes: "Needs an interpreter.", phone: "+49 30 1111111" }, select: { id: true } });
    await giveAppointments(id, clinician.id);
    const record = await getPatient(t.db, clinician, id);
    expect(record).toMatchObject({
      id,
      firstName: "Test",
      dateOfBirth: "1990-01-01",
      phone: "+49 30 1111111",
      email: patientUser.email,
      notes: "Needs an interpreter.",
      accountEmail: patientUser.email,
      upcomingAppointments: 1,
    });
    expect(await viewEvents(id)).toEqual([{ actorId: clinician.id, details: null }]);
  });

  it("logs every view, by whoever viewed", async () => {
    const { id } = await createPatientRecord(t.db);
    const admin = await createUser(t.db, "ADMIN");
    await getPatient(t.db, clinician, id);
    await getPatient(t.db, admin, id);
    expect(await viewEvents(id)).toEqual([
      { actorId: clinician.id, details: null },
      { actorId: admin.id, details: null },
    ]);
  });

  it.each([["unknown", randomUUID()], ["malformed", "12345"], ["missing", undefined]])("answers NOT_FOUND for an %s id and logs nothing", async (_, id) => {
    const before = await t.db.auditEvent.count();
    await expect(getPatient(t.db, clinician, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await t.db.auditEvent.count()).toBe(before);
  });

  it("shows nothing when the view cannot be logged", async () => {
    const { id } = await createPatientRecord(t.db);
    const ghost = { id: randomUUID(), role: "CLINICIAN" as const, displayName: "Gone" };
    await expect(getPatient(t.db, ghost, id)).rejects.toThrow();
  });
});

describe("getPatient for patients", () => {
  it("returns their own record without staff notes", async () => {
    const patient = await createUser(t.db, "PATIENT");
    const own = await t.db.patient.update({ where: { userId: patient.id }, data: { notes: "Staff only." }, select: { id: true, medicalRecordNumber: true } });
    const record = await getPatient(t.db, patient, own.id);
    expect(record).toEqual({ id: own.id, medicalRecordNumber: own.medicalRecordNumber, firstName: "Test", lastName: expect.any(String), dateOfBirth: "1990-01-01", phone: null, email: patient.email });
  });

  it("answers NOT_FOUND for another patient's record, exactly as for an unknown id", async () => {
    const patient = await createUser(t.db, "PATIENT");
    const other = await createPatientRecord(t.db);
    const notFound = { code: "NOT_FOUND", message: "No such patient record." };
    await expect(getPatient(t.db, patient, other.id)).rejects.toMatchObject(notFound);
    await expect(getPatient(t.db, patient, randomUUID())).rejects.toMatchObject(notFound);
    expect(await t.db.auditEvent.count({ where: { actorId: patient.id } })).toBe(0);
  });
});
