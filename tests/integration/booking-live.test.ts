import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startAppProcess, type AppProcess } from "../helpers/app-process.ts";
import { createBookableClinic, type BookableClinic } from "../helpers/booking-fixtures.ts";
import { connectClient, nextEvent, receivesWithin, type TestClient } from "../helpers/gateway.ts";
import { signInOverHttp } from "../helpers/session.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";

/**
 * A patient watching a clinician's day on instance B hears, within a second, of a booking
 * reception makes through instance A.
 */
let t: TestDatabase;
let a: AppProcess;
let b: AppProcess;
let clinic: BookableClinic;
const sockets: TestClient[] = [];

beforeAll(async () => {
  t = await createTestDatabase("booklive");
  clinic = await createBookableClinic(t.db, { clinicians: 2, patients: 1 });
  const shared = { databaseUrl: t.url, redisUrl: inject("redisUrl"), redisKeyPrefix: uniqueRedisPrefix("booklive") };
  [a, b] = await Promise.all([startAppProcess(shared), startAppProcess(shared)]);
}, 90_000);

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all([a?.stop(), b?.stop()]);
  await t?.drop();
});

describe("live availability across instances", () => {
  it("a watcher of the clinician's day (and of the department's day) on B hears of a booking made on A", async () => {
    const patient = clinic.patients[0]!;
    const { cookie: patientCookie } = await signInOverHttp(b.url, patient.email, patient.password);
    const { cookie: receptionCookie } = await signInOverHttp(a.url, clinic.reception.email, clinic.reception.password);
    const date = clinic.day(3);
    const [dr, other] = clinic.clinicians;

    const watcher = await connectClient(b.url, patientCookie!);
    const departmentWatcher = await connectClient(b.url, patientCookie!);
    const otherDayWatcher = await connectClient(b.url, patientCookie!);
    sockets.push(watcher, departmentWatcher, otherDayWatcher);
    expect(await watcher.emitWithAck("availability:watch", { clinicianIds: [dr!.id], dates: [date] })).toEqual({ data: { rooms: [`clinician-day:${dr!.id}:${date}`] } });
    await departmentWatcher.emitWithAck("availability:watch", { departmentIds: [clinic.departmentId], dates: [date] });
    await otherDayWatcher.emitWithAck("availability:watch", { clinicianIds: [other!.id], dates: [date] });

    const heard = nextEvent(watcher, "availability:changed", 3_000);
    const heardByDepartment = nextEvent(departmentWatcher, "availability:changed", 3_000);
    const heardByOther = receivesWithin(otherDayWatcher, "availability:changed", 1_000);
    const started = Date.now();
    const res = await fetch(`${a.url}/api/appointments`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: receptionCookie! },
      body: JSON.stringify({ appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, startsAt: clinic.at(date, 10), patientId: patient.patientId }),
    });
    expect(res.status).toBe(201);

    expect(await heard).toEqual({ clinicianId: dr!.id, departmentId: clinic.departmentId, date, reason: "booked" });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await heardByDepartment).clinicianId).toBe(dr!.id);
    expect(await heardByOther).toBe(false);
  });

  it("refuses a watch request without dates, naming the field", async () => {
    const patient = clinic.patients[0]!;
    const { cookie } = await signInOverHttp(a.url, patient.email, patient.password);
    const socket = await connectClient(a.url, cookie!);
    sockets.push(socket);
    const reply = await socket.emitWithAck("availability:watch", { clinicianIds: [clinic.clinicians[0]!.id], dates: [] });
    expect(reply).toMatchObject({ error: { code: "VALIDATION_FAILED", details: [{ field: "dates" }] } });
  });
});
