import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, insertAppointment, type TestClinic } from "../../tests/helpers/clinic-factories.ts";
import { createPatientRecord, createUser, type TestUser } from "../../tests/helpers/factories.ts";
import { startTestGateway, type TestGateway } from "../../tests/helpers/gateway.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { addTimeOff } from "./add-time-off.ts";
import { listTimeOff } from "./list-time-off.ts";
import { removeTimeOff } from "./remove-time-off.ts";

let t: TestDatabase;
let gateway: TestGateway;
let clinic: TestClinic;
let reception: TestUser;

beforeAll(async () => {
  t = await createTestDatabase("timeoff");
  gateway = await startTestGateway(t.db);
  clinic = await createClinic(t.db, { clinicians: 2, timeZone: "Europe/Berlin" });
  reception = await createUser(t.db, "RECEPTIONIST");
});
afterAll(async () => {
  await gateway?.close();
  await t?.drop();
});

const add = (input: unknown, clinicianId = clinic.clinicians[0]!.id) => addTimeOff(t.db, gateway.realtime, reception, clinicianId, input);

describe("addTimeOff", () => {
  it("reads a date-time without an offset in the location's zone", async () => {
    const added = await add({ startsAt: "2030-01-07T08:00", endsAt: "2030-01-07T12:30", reason: "  Training  " });
    expect(added).toMatchObject({ startsAt: "2030-01-07T07:00:00.000Z", endsAt: "2030-01-07T11:30:00.000Z", reason: "Training", affectedAppointments: [] });
    const summer = await add({ startsAt: "2030-07-01T08:00", endsAt: "2030-07-01T09:00" });
    expect(summer.startsAt).toBe("2030-07-01T06:00:00.000Z");
  });

  it("takes ISO 8601 instants with an offset as they are", async () => {
    const added = await add({ startsAt: "2030-01-08T08:00:00+01:00", endsAt: "2030-01-08T10:00:00.500Z", reason: "" });
    expect(added).toMatchObject({ startsAt: "2030-01-08T07:00:00.000Z", endsAt: "2030-01-08T10:00:00.500Z", reason: null });
  });

  it("allows exactly 366 days", async () => {
    const added = await add({ startsAt: "2031-01-01T00:00:00Z", endsAt: "2032-01-02T00:00:00Z" });
    expect(added.endsAt).toBe("2032-01-02T00:00:00.000Z");
  });

  it.each([
    [{ startsAt: "2030-01-09T10:00", endsAt: "2030-01-09T10:00" }, "endsAt", "must be after startsAt"],
    [{ startsAt: "2030-01-09T10:00", endsAt: "2030-01-09T09:00" }, "endsAt", "must be after startsAt"],
    [{ startsAt: "2031-01-01T00:00:00Z", endsAt: "2032-01-02T00:00:01Z" }, "endsAt", "must be at most 366 days after startsAt"],
    [{ startsAt: "2030-02-30T08:00", endsAt: "2030-03-02T08:00" }, "startsAt", "is not a real date and time"],
    [{ startsAt: "next monday", endsAt: "2030-03-02T08:00" }, "startsAt", expect.stringMatching(/^must be a date-time as YYYY-MM-DDTHH:MM/)],
    [{ startsAt: "2030-03-31T02:30", endsAt: "2030-03-31T04:00" }, "startsAt", "does not exist in Europe/Berlin (the clocks go forward then)"],
    [{ startsAt: "2030-03-30T08:00+19:00", endsAt: "2030-03-31T04:00" }, "startsAt", "has an offset that is out of range"],
    [{ endsAt: "2030-03-31T04:00" }, "startsAt", expect.any(String)],
    [{ startsAt: "2030-01-09T10:00", endsAt: "2030-01-09T11:00", reason: "x".repeat(201) }, "reason", "must be at most 200 characters"],
  ])("refuses %j, naming %s, and writes nothing", async (input, field, problem) => {
    const before = await t.db.timeOff.count();
    await expect(add(input)).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: [{ field, problem }] });
    expect(await t.db.timeOff.count()).toBe(before);
  });

  it("lists the BOOKED appointments inside the time off, and only those", async () => {
    const [anna, ben] = clinic.clinicians as [TestClinic["clinicians"][number], TestClinic["clinicians"][number]];
    const type = clinic.appointmentTypes[0]!;
    const patient = await createPatientRecord(t.db, { firstName: "Mia", lastName: "Moved" });
    const other = await createPatientRecord(t.db);
    const at = (iso: string, status: "BOOKED" | "CANCELLED" | "HELD" = "BOOKED", clinicianId = anna.id, patientId = other.id) =>
      insertAppointment(t.db, { clinicianId, appointmentTypeId: type.id, patientId, startsAt: new Date(iso), minutes: 15, status });
    // Time off: 2030-02-04 09:00–11:00 local = 08:00–10:00Z.
    const inside = await at("2030-02-04T08:30:00Z", "BOOKED", anna.id, patient.id);
    const overlapsStart = await at("2030-02-04T07:50:00Z");
    await at("2030-02-04T07:30:00Z"); // ends before
    await at("2030-02-04T10:00:00Z"); // starts exactly when it ends
    await at("2030-02-04T09:00:00Z", "CANCELLED");
    await at("2030-02-04T09:15:00Z", "HELD");
    await at("2030-02-04T08:30:00Z", "BOOKED", ben.id);

    const added = await add({ startsAt: "2030-02-04T09:00", endsAt: "2030-02-04T11:00", reason: "Dentist" });
    expect(added.affectedAppointments).toEqual([
      { id: overlapsStart.id, startsAt: "2030-02-04T07:50:00.000Z", endsAt: "2030-02-04T08:05:00.000Z", patientName: `${other.firstName} ${other.lastName}`, appointmentTypeName: type.name },
      { id: inside.id, startsAt: "2030-02-04T08:30:00.000Z", endsAt: "2030-02-04T08:45:00.000Z", patientName: "Mia Moved", appointmentTypeName: type.name },
    ]);
    // The appointments themselves are left alone: reception moves them.
    expect(await t.db.appointment.findUnique({ where: { id: inside.id }, select: { status: true } })).toEqual({ status: "BOOKED" });

    const listed = await listTimeOff(t.db, reception, anna.id, { from: "2030-02-04", to: "2030-02-04" });
    expect(listed.timeOff).toEqual([added]);

    // Ben's appointment (08:30–08:45Z) ends exactly when his time off starts: not affected.
    const touching = await add({ startsAt: "2030-02-04T08:45:00Z", endsAt: "2030-02-04T12:00:00Z" }, ben.id);
    expect(touching.affectedAppointments).toEqual([]);
  });
});

describe("listTimeOff", () => {
  it("lists time off touching the local days from…to, earliest first", async () => {
    const id = clinic.clinicians[1]!.id;
    const late = await add({ startsAt: "2030-05-02T22:30", endsAt: "2030-05-03T01:00" }, id);
    const early = await add({ startsAt: "2030-04-28T08:00", endsAt: "2030-05-01T00:00" }, id);
    await add({ startsAt: "2030-05-10T08:00", endsAt: "2030-05-10T09:00" }, id);
    const listed = await listTimeOff(t.db, reception, id, { from: "2030-05-01", to: "2030-05-02" });
    expect(listed).toMatchObject({ clinicianId: id, timeZone: "Europe/Berlin", from: "2030-05-01", to: "2030-05-02" });
    // "early" ends at local midnight starting 05-01: it does not touch 05-01.
    expect(listed.timeOff.map((x) => x.id)).toEqual([late.id]);
    expect((await listTimeOff(t.db, reception, id, { from: "2030-04-30", to: "2030-05-02" })).timeOff.map((x) => x.id)).toEqual([early.id, late.id]);
  });

  it("lists today and the next 90 days by default", async () => {
    const listed = await listTimeOff(t.db, reception, clinic.clinicians[1]!.id, {}, new Date("2030-04-29T12:00:00Z"));
    expect(listed).toMatchObject({ from: "2030-04-29", to: "2030-07-28" });
    expect(listed.timeOff.length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    [{ from: "2030-05-02", to: "2030-05-01" }, "to", "must not be before from"],
    [{ from: "2030-01-01", to: "2032-01-02" }, "to", "must be less than 731 days after from"],
    [{ from: "May 1st" }, "from", "must be a date as YYYY-MM-DD"],
  ])("refuses %j, naming %s", async (query, field, problem) => {
    await expect(listTimeOff(t.db, reception, clinic.clinicians[1]!.id, query)).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: [{ field, problem }] });
  });
});

describe("removeTimeOff", () => {
  it("removes one time off of that clinician", async () => {
    const added = await add({ startsAt: "2030-06-03T08:00", endsAt: "2030-06-03T09:00" });
    expect(await removeTimeOff(t.db, gateway.realtime, reception, clinic.clinicians[0]!.id, added.id)).toEqual({ id: added.id });
    expect(await t.db.timeOff.findUnique({ where: { id: added.id } })).toBeNull();
  });

  it("answers NOT_FOUND for an unknown id, or one that belongs to another clinician, and removes nothing", async () => {
    const added = await add({ startsAt: "2030-06-04T08:00", endsAt: "2030-06-04T09:00" });
    await expect(removeTimeOff(t.db, gateway.realtime, reception, clinic.clinicians[1]!.id, added.id)).rejects.toMatchObject({ code: "NOT_FOUND", message: "No such time off." });
    await expect(removeTimeOff(t.db, gateway.realtime, reception, clinic.clinicians[0]!.id, "not-an-id")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await t.db.timeOff.findUnique({ where: { id: added.id }, select: { id: true } })).toEqual({ id: added.id });
  });
});
