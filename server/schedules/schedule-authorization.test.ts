import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createClinicUsers, type TestClinic } from "../../tests/helpers/clinic-factories.ts";
import type { TestUser } from "../../tests/helpers/factories.ts";
import { startTestGateway, type TestGateway } from "../../tests/helpers/gateway.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import type { Role } from "../roles.ts";
import { addTimeOff } from "./add-time-off.ts";
import { createAppointmentType } from "./create-appointment-type.ts";
import { getBookingPolicy } from "./get-booking-policy.ts";
import { getClinicianSchedule } from "./get-clinician-schedule.ts";
import { getScheduleOverview } from "./get-schedule-overview.ts";
import { getWeeklyAvailability } from "./get-weekly-availability.ts";
import { listAppointmentTypes } from "./list-appointment-types.ts";
import { listTimeOff } from "./list-time-off.ts";
import { removeTimeOff } from "./remove-time-off.ts";
import { setWeeklyAvailability } from "./set-weekly-availability.ts";
import { updateAppointmentType } from "./update-appointment-type.ts";
import { updateBookingPolicy } from "./update-booking-policy.ts";
import { updateClinicianSettings } from "./update-clinician-settings.ts";

/** Who may call which schedule service. "CLINICIAN" is the clinician whose schedule it is. */
let t: TestDatabase;
let gateway: TestGateway;
let clinic: TestClinic;
let users: Record<Role, TestUser>;

beforeAll(async () => {
  t = await createTestDatabase("schedauth");
  gateway = await startTestGateway(t.db);
  clinic = await createClinic(t.db, { clinicians: 2 });
  users = await createClinicUsers(t.db, clinic);
});
afterAll(async () => {
  await gateway?.close();
  await t?.drop();
});

const own = () => clinic.clinicians[0]!.id;
const other = () => clinic.clinicians[1]!.id;
const someTimeOff = async (clinicianId: string) =>
  (await t.db.timeOff.create({ data: { clinicianId, startsAt: new Date("2030-01-01T08:00:00Z"), endsAt: new Date("2030-01-01T09:00:00Z") }, select: { id: true } })).id;

const EDITORS: Role[] = ["ADMIN", "RECEPTIONIST"];
const STAFF: Role[] = ["ADMIN", "RECEPTIONIST", "CLINICIAN"];

const OPERATIONS: { name: string; allowed: Role[]; run: (user: TestUser) => Promise<unknown> }[] = [
  { name: "getScheduleOverview", allowed: STAFF, run: (u) => getScheduleOverview(t.db, u) },
  { name: "getWeeklyAvailability (own)", allowed: STAFF, run: (u) => getWeeklyAvailability(t.db, u, own()) },
  { name: "getWeeklyAvailability (another clinician's)", allowed: EDITORS, run: (u) => getWeeklyAvailability(t.db, u, other()) },
  { name: "getClinicianSchedule (own)", allowed: STAFF, run: (u) => getClinicianSchedule(t.db, u, own()) },
  { name: "getClinicianSchedule (another clinician's)", allowed: EDITORS, run: (u) => getClinicianSchedule(t.db, u, other()) },
  { name: "setWeeklyAvailability", allowed: EDITORS, run: (u) => setWeeklyAvailability(t.db, gateway.realtime, u, own(), { ranges: [] }) },
  { name: "listTimeOff (own)", allowed: STAFF, run: (u) => listTimeOff(t.db, u, own(), {}) },
  { name: "listTimeOff (another clinician's)", allowed: EDITORS, run: (u) => listTimeOff(t.db, u, other(), {}) },
  { name: "addTimeOff", allowed: EDITORS, run: (u) => addTimeOff(t.db, gateway.realtime, u, own(), { startsAt: "2030-01-02T08:00", endsAt: "2030-01-02T09:00" }) },
  { name: "removeTimeOff", allowed: EDITORS, run: async (u) => removeTimeOff(t.db, gateway.realtime, u, own(), await someTimeOff(own())) },
  { name: "listAppointmentTypes", allowed: STAFF, run: (u) => listAppointmentTypes(t.db, u) },
  {
    name: "createAppointmentType",
    allowed: EDITORS,
    run: (u) => createAppointmentType(t.db, u, { departmentId: clinic.department.id, name: `Type ${randomBytes(3).toString("hex")}`, durationMinutes: 15 }),
  },
  { name: "updateAppointmentType", allowed: EDITORS, run: (u) => updateAppointmentType(t.db, gateway.realtime, u, clinic.appointmentTypes[0]!.id, { bookableOnline: true }) },
  { name: "getBookingPolicy", allowed: STAFF, run: (u) => getBookingPolicy(t.db, u, clinic.location.id) },
  { name: "updateBookingPolicy", allowed: ["ADMIN"], run: (u) => updateBookingPolicy(t.db, gateway.realtime, u, clinic.location.id, { holdMinutes: 5 }) },
  { name: "updateClinicianSettings", allowed: EDITORS, run: (u) => updateClinicianSettings(t.db, gateway.realtime, u, own(), { room: "Room 1" }) },
];

describe("schedule services by role", () => {
  const cases = OPERATIONS.flatMap((op) => (["ADMIN", "RECEPTIONIST", "CLINICIAN", "PATIENT"] as const).map((role) => ({ ...op, role })));
  it.each(cases)("$role → $name", async ({ run, allowed, role }) => {
    const attempt = run(users[role]);
    if (allowed.includes(role)) await expect(attempt).resolves.toBeDefined();
    else await expect(attempt).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("shows a clinician only their own schedule in the overview, read-only", async () => {
    const overview = await getScheduleOverview(t.db, users.CLINICIAN);
    expect(overview.clinicians.map((c) => c.id)).toEqual([own()]);
    expect(overview.access).toEqual({ canEdit: false, canEditPolicy: false });
  });

  it("writes nothing for a refused caller", async () => {
    const ranges = [{ weekday: 1, start: "09:00", end: "10:00" }];
    await setWeeklyAvailability(t.db, gateway.realtime, users.RECEPTIONIST, own(), { ranges });
    await expect(setWeeklyAvailability(t.db, gateway.realtime, users.CLINICIAN, own(), { ranges: [] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await getWeeklyAvailability(t.db, users.CLINICIAN, own())).ranges).toEqual(ranges);
  });
});
