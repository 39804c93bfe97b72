import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookAppointment } from "./book-appointment.ts";
import { cancelAppointment } from "./cancel-appointment.ts";
import { holdSlot } from "./hold-slot.ts";
import { listClinicianDay, listOwnAppointments } from "./list-appointments.ts";
import { createBookableClinic, recordingRealtime, type BookableClinic } from "../../tests/helpers/booking-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";

let t: TestDatabase;
let clinic: BookableClinic;
beforeAll(async () => {
  t = await createTestDatabase("lists");
  clinic = await createBookableClinic(t.db, { clinicians: 1, patients: 1 });
});
afterAll(async () => {
  await t.drop();
});

describe("appointment lists", () => {
  it("show cancellations with and without a reason, and leave out released holds", async () => {
    const patient = clinic.patients[0]!;
    const date = clinic.day(8);
    const book = (hour: number) =>
      bookAppointment(t.db, recordingRealtime(), clinic.reception, { appointmentTypeId: clinic.onlineType.id, clinicianId: clinic.clinicians[0]!.id, startsAt: clinic.at(date, hour), patientId: patient.patientId });
    const noReason = await book(9);
    const withReason = await book(10);
    await cancelAppointment(t.db, recordingRealtime(), patient, noReason.id, {});
    await cancelAppointment(t.db, recordingRealtime(), patient, withReason.id, { reason: "Travelling" });
    const released = await holdSlot(t.db, recordingRealtime(), patient, { appointmentTypeId: clinic.onlineType.id, clinicianId: clinic.clinicians[0]!.id, startsAt: clinic.at(date, 11) });
    await holdSlot(t.db, recordingRealtime(), patient, { appointmentTypeId: clinic.onlineType.id, clinicianId: clinic.clinicians[0]!.id, startsAt: clinic.at(date, 12) });

    const own = await listOwnAppointments(t.db, patient);
    const pastIds = own.past.map((a) => a.id);
    expect(pastIds).toEqual(expect.arrayContaining([noReason.id, withReason.id]));
    expect(pastIds).not.toContain(released.id);
    expect(own.upcoming.map((a) => a.status)).toEqual(["HELD"]);

    const day = await listClinicianDay(t.db, clinic.reception, { clinicianId: clinic.clinicians[0]!.id, date });
    expect(day.appointments.map((a) => `${a.status}@${a.startsAt}`)).toEqual([
      `CANCELLED@${clinic.at(date, 9)}`,
      `CANCELLED@${clinic.at(date, 10)}`,
      `HELD@${clinic.at(date, 12)}`,
    ]);
  });
});
