import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, type TestClinic } from "../../tests/helpers/clinic-factories.ts";
import { createUser, type TestUser } from "../../tests/helpers/factories.ts";
import { startTestGateway, type TestGateway } from "../../tests/helpers/gateway.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { getWeeklyAvailability } from "./get-weekly-availability.ts";
import { setWeeklyAvailability } from "./set-weekly-availability.ts";

let t: TestDatabase;
let gateway: TestGateway;
let clinic: TestClinic;
let reception: TestUser;

beforeAll(async () => {
  t = await createTestDatabase("weekly");
  gateway = await startTestGateway(t.db);
  clinic = await createClinic(t.db, { clinicians: 2, availability: [{ weekday: 1, start: "08:00", end: "12:00" }] });
  reception = await createUser(t.db, "RECEPTIONIST");
});
afterAll(async () => {
  await gateway?.close();
  await t?.drop();
});

const set = (clinicianId: string, ranges: unknown) => setWeeklyAvailability(t.db, gateway.realtime, reception, clinicianId, { ranges });
const stored = (clinicianId: string) => getWeeklyAvailability(t.db, reception, clinicianId).then((v) => v.ranges);

describe("setWeeklyAvailability", () => {
  it("replaces the whole pattern and returns it by weekday and start, in the location's zone", async () => {
    const id = clinic.clinicians[0]!.id;
    const saved = await set(id, [
      { weekday: 3, start: "13:00", end: "24:00" },
      { weekday: 2, start: "08:30", end: "12:00" },
      { weekday: 2, start: "12:00", end: "16:15" },
    ]);
    expect(saved).toEqual({
      clinicianId: id,
      timeZone: "Europe/Berlin",
      ranges: [
        { weekday: 2, start: "08:30", end: "12:00" },
        { weekday: 2, start: "12:00", end: "16:15" },
        { weekday: 3, start: "13:00", end: "24:00" },
      ],
    });
    expect(await stored(id)).toEqual(saved.ranges);
    const rows = await t.db.weeklyAvailability.findMany({ where: { clinicianId: id, weekday: 3 }, select: { startMinute: true, endMinute: true } });
    expect(rows).toEqual([{ startMinute: 13 * 60, endMinute: 1440 }]);
  });

  it("accepts an empty list: the clinician is never bookable", async () => {
    const id = clinic.clinicians[1]!.id;
    expect((await set(id, [])).ranges).toEqual([]);
    expect(await t.db.weeklyAvailability.count({ where: { clinicianId: id } })).toBe(0);
  });

  it("leaves the old pattern intact when one range is bad", async () => {
    const id = clinic.clinicians[0]!.id;
    const before = await set(id, [{ weekday: 1, start: "09:00", end: "17:00" }]);
    const bad = set(id, [
      { weekday: 1, start: "08:00", end: "12:00" },
      { weekday: 2, start: "08:00", end: "12:00" },
      { weekday: 4, start: "14:00", end: "13:00" },
    ]);
    await expect(bad).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "ranges.2.end", problem: "must be after start" }] });
    expect(await stored(id)).toEqual(before.ranges);
  });

  it.each([
    [{ weekday: 7, start: "08:00", end: "09:00" }, "ranges.0.weekday", "must be 0 (Sunday) to 6 (Saturday)"],
    [{ weekday: 1.5, start: "08:00", end: "09:00" }, "ranges.0.weekday", "must be a whole number"],
    [{ weekday: 1, start: "24:00", end: "24:00" }, "ranges.0.start", "must be a time as HH:MM (00:00 to 23:59)"],
    [{ weekday: 1, start: "8:00", end: "09:00" }, "ranges.0.start", "must be a time as HH:MM (00:00 to 23:59)"],
    [{ weekday: 1, start: "08:00", end: "24:30" }, "ranges.0.end", "must be a time as HH:MM (00:01 to 24:00)"],
    [{ weekday: 1, start: "09:00", end: "09:00" }, "ranges.0.end", "must be after start"],
  ])("refuses %j, naming %s", async (range, field, problem) => {
    await expect(set(clinic.clinicians[0]!.id, [range])).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: [{ field, problem }] });
  });

  it("refuses overlapping ranges on one weekday, naming the later range and the one it overlaps", async () => {
    const id = clinic.clinicians[0]!.id;
    const before = await stored(id);
    await expect(
      set(id, [
        { weekday: 1, start: "08:00", end: "18:00" },
        { weekday: 2, start: "09:00", end: "10:00" },
        { weekday: 1, start: "09:00", end: "10:00" },
        { weekday: 1, start: "11:00", end: "12:00" },
      ]),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: [
        { field: "ranges.2", problem: "overlaps ranges.0 (Monday 08:00–18:00)" },
        { field: "ranges.3", problem: "overlaps ranges.0 (Monday 08:00–18:00)" },
      ],
    });
    expect(await stored(id)).toEqual(before);
  });

  it("refuses the same range twice", async () => {
    const range = { weekday: 5, start: "08:00", end: "12:00" };
    await expect(set(clinic.clinicians[0]!.id, [range, range])).rejects.toMatchObject({ details: [{ field: "ranges.1", problem: "overlaps ranges.0 (Friday 08:00–12:00)" }] });
  });

  it("keeps ranges that only touch", async () => {
    const saved = await set(clinic.clinicians[0]!.id, [
      { weekday: 6, start: "12:00", end: "13:00" },
      { weekday: 6, start: "08:00", end: "12:00" },
    ]);
    expect(saved.ranges).toHaveLength(2);
  });

  it("never interleaves two replacements of one pattern", async () => {
    const id = clinic.clinicians[0]!.id;
    const a = [1, 2, 3].map((weekday) => ({ weekday, start: "08:00", end: "12:00" }));
    const b = [4, 5].map((weekday) => ({ weekday, start: "13:00", end: "17:00" }));
    await Promise.all([set(id, a), set(id, b), set(id, a), set(id, b)]);
    const final = await stored(id);
    expect([a, b]).toContainEqual(final);
  });

  it("answers NOT_FOUND for an unknown or malformed clinician id, before looking at the body", async () => {
    await expect(set("6f1c1b9e-2f7a-4d2e-9a53-000000000000", "not a list")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(set("nope", [])).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("needs a list of ranges", async () => {
    await expect(setWeeklyAvailability(t.db, gateway.realtime, reception, clinic.clinicians[0]!.id, {})).rejects.toMatchObject({ details: [{ field: "ranges" }] });
  });
});
