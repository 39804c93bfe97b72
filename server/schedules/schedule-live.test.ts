import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createClinic, type TestClinic } from "../../tests/helpers/clinic-factories.ts";
import { createUser, type TestUser } from "../../tests/helpers/factories.ts";
import { connectClient, nextEvent, receivesWithin, startTestGateway, type TestClient, type TestGateway } from "../../tests/helpers/gateway.ts";
import { sessionCookieFor } from "../../tests/helpers/session.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { addDays, localDateOf } from "../booking/local-time.ts";
import { addTimeOff } from "./add-time-off.ts";
import { SCHEDULE_NOTICE_DAYS } from "./notify-schedule-change.ts";
import { removeTimeOff } from "./remove-time-off.ts";
import { setWeeklyAvailability } from "./set-weekly-availability.ts";
import { updateAppointmentType } from "./update-appointment-type.ts";
import { updateBookingPolicy } from "./update-booking-policy.ts";
import { updateClinicianSettings } from "./update-clinician-settings.ts";

/** Open booking pages watch days over Socket.IO; schedule changes tell them to re-read. */
let t: TestDatabase;
let gateway: TestGateway;
let clinic: TestClinic;
let admin: TestUser;
let watcher: TestClient;

const TZ = "Pacific/Auckland";

beforeAll(async () => {
  t = await createTestDatabase("schedlive");
  gateway = await startTestGateway(t.db);
  clinic = await createClinic(t.db, { clinicians: 2, timeZone: TZ });
  admin = await createUser(t.db, "ADMIN");
  // A patient's booking page: anyone signed in may watch availability.
  watcher = await connectClient(gateway.url, await sessionCookieFor(await createUser(t.db, "PATIENT")));
});
afterEach(async () => {
  await watcher.emitWithAck("availability:watch", { clinicianIds: [clinic.clinicians[0]!.id], dates: ["2000-01-01"] });
});
afterAll(async () => {
  watcher?.close();
  await gateway?.close();
  await t?.drop();
});

const today = () => localDateOf(Date.now(), TZ);

async function watch(clinicianId: string, dates: string[]): Promise<void> {
  const ack = await watcher.emitWithAck("availability:watch", { clinicianIds: [clinicianId], dates });
  expect(ack).toMatchObject({ data: { rooms: expect.any(Array) } });
}

describe("schedule changes reach watchers as availability:changed (reason schedule)", () => {
  it("after the weekly pattern is replaced, for today in the location's zone", async () => {
    const c = clinic.clinicians[0]!;
    await watch(c.id, [today()]);
    const changed = nextEvent(watcher, "availability:changed");
    await setWeeklyAvailability(t.db, gateway.realtime, admin, c.id, { ranges: [{ weekday: 2, start: "09:00", end: "12:00" }] });
    expect(await changed).toEqual({ clinicianId: c.id, departmentId: clinic.department.id, date: today(), reason: "schedule" });
  });

  it(`for each of the next ${SCHEDULE_NOTICE_DAYS} local days, not beyond`, async () => {
    const c = clinic.clinicians[0]!;
    await watch(c.id, [addDays(today(), SCHEDULE_NOTICE_DAYS - 1)]);
    const changed = nextEvent(watcher, "availability:changed");
    await updateClinicianSettings(t.db, gateway.realtime, admin, c.id, { bufferMinutes: 10 });
    expect(await changed).toMatchObject({ date: addDays(today(), SCHEDULE_NOTICE_DAYS - 1), reason: "schedule" });

    await watch(c.id, [addDays(today(), SCHEDULE_NOTICE_DAYS)]);
    const beyond = receivesWithin(watcher, "availability:changed", 400);
    await updateClinicianSettings(t.db, gateway.realtime, admin, c.id, { bufferMinutes: 15 });
    expect(await beyond).toBe(false);
  });

  it("after time off is added and removed", async () => {
    const c = clinic.clinicians[1]!;
    await watch(c.id, [today()]);
    let changed = nextEvent(watcher, "availability:changed");
    const added = await addTimeOff(t.db, gateway.realtime, admin, c.id, { startsAt: `${today()}T08:00`, endsAt: `${today()}T09:00` });
    expect(await changed).toMatchObject({ clinicianId: c.id, reason: "schedule" });
    changed = nextEvent(watcher, "availability:changed");
    await removeTimeOff(t.db, gateway.realtime, admin, c.id, added.id);
    expect(await changed).toMatchObject({ clinicianId: c.id, reason: "schedule" });
  });

  it("for every clinician of the department when a type's duration changes, but not on a rename", async () => {
    const c = clinic.clinicians[1]!;
    const type = clinic.appointmentTypes[0]!;
    await watch(c.id, [today()]);
    const changed = nextEvent(watcher, "availability:changed");
    await updateAppointmentType(t.db, gateway.realtime, admin, type.id, { durationMinutes: 25 });
    expect(await changed).toMatchObject({ clinicianId: c.id, reason: "schedule" });

    const renamed = receivesWithin(watcher, "availability:changed", 400);
    await updateAppointmentType(t.db, gateway.realtime, admin, type.id, { name: "Renamed consultation" });
    expect(await renamed).toBe(false);
  });

  it("for every clinician of the location when the policy changes", async () => {
    const c = clinic.clinicians[1]!;
    await watch(c.id, [today()]);
    const changed = nextEvent(watcher, "availability:changed");
    await updateBookingPolicy(t.db, gateway.realtime, admin, clinic.location.id, { slotStepMinutes: 10 });
    expect(await changed).toMatchObject({ clinicianId: c.id, departmentId: clinic.department.id, reason: "schedule" });
  });

  it("not after a refused change", async () => {
    const c = clinic.clinicians[0]!;
    await watch(c.id, [today()]);
    const refused = receivesWithin(watcher, "availability:changed", 400);
    await expect(setWeeklyAvailability(t.db, gateway.realtime, admin, c.id, { ranges: [{ weekday: 9, start: "09:00", end: "10:00" }] })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await refused).toBe(false);
  });
});
