import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../server/auth/password.ts";
import { findSlots } from "../server/booking/find-slots.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDatabaseEmpty, seedDemoClinic } from "./seed.ts";
import { createTestDatabase, type TestDatabase } from "../tests/helpers/test-db.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase("seed");
});
afterAll(async () => {
  await t.drop();
});

describe("demo clinic", () => {
  it("creates the clinic the README promises, once", async () => {
    expect(await isDatabaseEmpty(t.db)).toBe(true);
    await seedDemoClinic(t.db);
    expect(await isDatabaseEmpty(t.db)).toBe(false);
    const [locations, departments, clinicians, patients, types, appointments] = await Promise.all([
      t.db.location.findMany({ select: { timeZone: true } }),
      t.db.department.count(),
      t.db.clinician.count({ where: { weeklyAvailability: { some: {} } } }),
      t.db.patient.count({ where: { userId: { not: null } } }),
      t.db.appointmentType.count(),
      t.db.appointment.groupBy({ by: ["status"], _count: true }),
    ]);
    expect(locations).toEqual([{ timeZone: "Europe/Berlin" }]);
    expect({ departments, clinicians, patients }).toEqual({ departments: 2, clinicians: 3, patients: 5 });
    expect(types).toBeGreaterThanOrEqual(3);
    expect(Object.fromEntries(appointments.map((a) => [a.status, a._count]))).toEqual({ COMPLETED: 5, BOOKED: 5 });
  });

  it("opens the staff channels, everyone on staff in All staff, with a first message", async () => {
    const channels = await t.db.conversation.findMany({ where: { kind: "CHANNEL" }, select: { name: true, _count: { select: { members: true, messages: true } } }, orderBy: { name: "asc" } });
    // All staff: admin, reception and three clinicians. Departments: their clinicians, reception and the admin.
    expect(channels.map((c) => [c.name, c._count.members])).toEqual([
      ["All staff", 5],
      ["General Practice", 4],
      ["Pediatrics", 3],
    ]);
    expect(channels.reduce((n, c) => n + c._count.messages, 0)).toBe(2);
  });

  it("every demo account signs in with the demo password, with its role", async () => {
    for (const account of DEMO_ACCOUNTS) {
      const user = await t.db.user.findUniqueOrThrow({ where: { email: account.email }, select: { role: true, passwordHash: true } });
      expect(user.role).toBe(account.role);
      expect(await verifyPassword(user.passwordHash, DEMO_PASSWORD)).toBe(true);
    }
  });

  it("offers bookable slots to a demo patient", async () => {
    const patient = await t.db.user.findUniqueOrThrow({ where: { email: "maria.schmidt@example.test" }, select: { id: true, role: true, displayName: true } });
    const type = await t.db.appointmentType.findFirstOrThrow({ where: { name: "Consultation" }, select: { id: true } });
    const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
    const { slots } = await findSlots(t.db, patient, { appointmentTypeId: type.id, from, to });
    expect(slots.length).toBeGreaterThan(50);
  });
});
