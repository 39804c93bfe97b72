import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, insertAppointment, type TestClinic } from "../../tests/helpers/clinic-factories.ts";
import { createPatientRecord, createUser, type TestUser } from "../../tests/helpers/factories.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { getScheduleOverview } from "./get-schedule-overview.ts";

let t: TestDatabase;
let clinic: TestClinic;
let otherClinic: TestClinic;
let reception: TestUser;
const NOW = new Date("2030-03-01T10:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase("overview");
  clinic = await createClinic(t.db, {
    clinicians: 2,
    timeZone: "America/New_York",
    bufferMinutes: 5,
    availability: [
      { weekday: 1, start: "13:00", end: "17:00" },
      { weekday: 1, start: "08:00", end: "12:00" },
    ],
    appointmentTypes: [
      { name: "Follow-up", durationMinutes: 10 },
      { name: "Intake", durationMinutes: 60, bookableOnline: false },
    ],
    policy: { holdMinutes: 8 },
  });
  otherClinic = await createClinic(t.db);
  reception = await createUser(t.db, "RECEPTIONIST");
  const [first] = clinic.clinicians;
  await t.db.appointmentType.update({ where: { id: clinic.appointmentTypes[1]!.id }, data: { archivedAt: new Date() } });
  const patient = await createPatientRecord(t.db, { firstName: "Ada", lastName: "Affected" });
  await insertAppointment(t.db, { clinicianId: first!.id, appointmentTypeId: clinic.appointmentTypes[0]!.id, patientId: patient.id, startsAt: new Date("2030-03-10T15:00:00Z"), minutes: 10 });
  await t.db.timeOff.createMany({
    data: [
      { clinicianId: first!.id, startsAt: new Date("2030-03-10T12:00:00Z"), endsAt: new Date("2030-03-10T20:00:00Z"), reason: "Conference" },
      // Ended before today, and starting after today + 90 days: neither is shown.
      { clinicianId: first!.id, startsAt: new Date("2030-02-01T12:00:00Z"), endsAt: new Date("2030-02-02T12:00:00Z") },
      { clinicianId: first!.id, startsAt: new Date("2030-06-01T12:00:00Z"), endsAt: new Date("2030-06-02T12:00:00Z") },
    ],
  });
});
afterAll(async () => {
  await t?.drop();
});

describe("getScheduleOverview", () => {
  it("has the location with its policy, departments, clinicians with pattern and time off, and types", async () => {
    const overview = await getScheduleOverview(t.db, reception, { locationId: clinic.location.id, now: NOW });
    expect(overview.location).toEqual({ id: clinic.location.id, name: clinic.location.name, timeZone: "America/New_York", address: null });
    expect(overview.policy).toMatchObject({ locationId: clinic.location.id, holdMinutes: 8, slotStepMinutes: 15 });
    expect(overview.locations.map((l) => l.id).sort()).toEqual([clinic.location.id, otherClinic.location.id].sort());
    expect(overview.departments).toEqual([clinic.department]);
    expect(overview).toMatchObject({ timeOffFrom: "2030-03-01", timeOffTo: "2030-05-30", access: { canEdit: true, canEditPolicy: false } });

    expect(overview.clinicians).toHaveLength(2);
    const first = overview.clinicians.find((c) => c.id === clinic.clinicians[0]!.id)!;
    expect(first).toMatchObject({ userId: clinic.clinicians[0]!.user.id, displayName: clinic.clinicians[0]!.user.displayName, departmentName: clinic.department.name, bufferMinutes: 5, room: "Room 1", title: null });
    expect(first.weeklyAvailability).toEqual([
      { weekday: 1, start: "08:00", end: "12:00" },
      { weekday: 1, start: "13:00", end: "17:00" },
    ]);
    expect(first.timeOff).toEqual([
      expect.objectContaining({ reason: "Conference", affectedAppointments: [expect.objectContaining({ patientName: "Ada Affected", appointmentTypeName: "Follow-up" })] }),
    ]);
    expect(overview.clinicians.find((c) => c.id === clinic.clinicians[1]!.id)!.timeOff).toEqual([]);

    expect(overview.appointmentTypes.map((a) => [a.name, a.archived, a.bookableOnline])).toEqual([
      ["Follow-up", false, true],
      ["Intake", true, false],
    ]);
  });

  it("opens a clinician's own location by default", async () => {
    const overview = await getScheduleOverview(t.db, clinic.clinicians[1]!.user, { now: NOW });
    expect(overview.location.id).toBe(clinic.location.id);
    expect(overview.clinicians.map((c) => c.id)).toEqual([clinic.clinicians[1]!.id]);
  });

  it("answers NOT_FOUND naming locationId for an unknown location", async () => {
    await expect(getScheduleOverview(t.db, reception, { locationId: "3b241101-e2bb-4255-8caf-4136c566a962" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      details: [{ field: "locationId" }],
    });
  });
});
