import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, type TestClinic } from "../../tests/helpers/clinic-factories.ts";
import { createUsersForEveryRole, type TestUser } from "../../tests/helpers/factories.ts";
import { startTestGateway, type TestGateway } from "../../tests/helpers/gateway.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import type { Role } from "../roles.ts";
import { BOOKING_POLICY_FIELDS, BOOKING_POLICY_LIMITS } from "./booking-policy-schemas.ts";
import { getBookingPolicy } from "./get-booking-policy.ts";
import { updateBookingPolicy } from "./update-booking-policy.ts";
import { updateClinicianSettings } from "./update-clinician-settings.ts";

let t: TestDatabase;
let gateway: TestGateway;
let clinic: TestClinic;
let users: Record<Role, TestUser>;

beforeAll(async () => {
  t = await createTestDatabase("policy");
  gateway = await startTestGateway(t.db);
  clinic = await createClinic(t.db);
  users = await createUsersForEveryRole(t.db);
});
afterAll(async () => {
  await gateway?.close();
  await t?.drop();
});

const update = (input: unknown, user = users.ADMIN) => updateBookingPolicy(t.db, gateway.realtime, user, clinic.location.id, input);
const policyRow = () => t.db.location.findUniqueOrThrow({ where: { id: clinic.location.id } });

describe("booking policy", () => {
  it("reads the location's policy", async () => {
    expect(await getBookingPolicy(t.db, users.CLINICIAN, clinic.location.id)).toEqual({
      locationId: clinic.location.id,
      locationName: clinic.location.name,
      timeZone: "Europe/Berlin",
      minNoticeMinutes: 120,
      bookingHorizonDays: 60,
      cancellationWindowMinutes: 1440,
      holdMinutes: 5,
      waitlistOfferMinutes: 30,
      slotStepMinutes: 15,
    });
  });

  it("changes only the fields sent", async () => {
    const updated = await update({ holdMinutes: 10, slotStepMinutes: 20 });
    expect(updated).toMatchObject({ holdMinutes: 10, slotStepMinutes: 20, minNoticeMinutes: 120 });
    expect(await policyRow()).toMatchObject({ holdMinutes: 10, slotStepMinutes: 20, minNoticeMinutes: 120 });
  });

  describe.each(BOOKING_POLICY_FIELDS)("%s", (field) => {
    const { min, max } = BOOKING_POLICY_LIMITS[field];

    it(`accepts ${min} and ${max}`, async () => {
      expect((await update({ [field]: min }))[field]).toBe(min);
      expect((await update({ [field]: max }))[field]).toBe(max);
    });

    it.each([min - 1, max + 1, min + 0.5, String(min)])("refuses %j, naming the field, and writes nothing", async (value) => {
      const before = await policyRow();
      await expect(update({ [field]: value })).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: [{ field }] });
      expect(await policyRow()).toEqual(before);
    });

    it("has the same limits as the database's CHECK", async () => {
      const write = (value: number) => t.db.location.update({ where: { id: clinic.location.id }, data: { [field]: value } });
      await expect(write(max + 1)).rejects.toThrow(/Location_policy_check/);
      await expect(write(min - 1)).rejects.toThrow(/Location_policy_check/);
    });
  });

  it("names the problem when no field is sent", async () => {
    await expect(update({ unknown: 1 })).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "(body)", problem: expect.stringMatching(/^must name at least one of/) }] });
  });

  it("lets only admins change it", async () => {
    for (const role of ["RECEPTIONIST", "CLINICIAN", "PATIENT"] as const) {
      await expect(update({ holdMinutes: 7 }, users[role])).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(getBookingPolicy(t.db, users.PATIENT, clinic.location.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("answers NOT_FOUND for an unknown location", async () => {
    await expect(updateBookingPolicy(t.db, gateway.realtime, users.ADMIN, "3b241101-e2bb-4255-8caf-4136c566a962", { holdMinutes: 7 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getBookingPolicy(t.db, users.ADMIN, "x")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("clinician settings", () => {
  const change = (input: unknown, user = users.RECEPTIONIST) => updateClinicianSettings(t.db, gateway.realtime, user, clinic.clinicians[0]!.id, input);

  it("changes buffer, room and title; an empty title clears it", async () => {
    expect(await change({ bufferMinutes: 120, room: " Room 9 ", title: "Dermatologist" })).toMatchObject({ bufferMinutes: 120, room: "Room 9", title: "Dermatologist" });
    expect(await change({ bufferMinutes: 0, title: "" })).toMatchObject({ bufferMinutes: 0, room: "Room 9", title: null });
  });

  it.each([
    [{ bufferMinutes: 121 }, "bufferMinutes", "must be 0 to 120"],
    [{ bufferMinutes: -1 }, "bufferMinutes", "must be 0 to 120"],
    [{ bufferMinutes: 2.5 }, "bufferMinutes", "must be a whole number"],
    [{ room: "   " }, "room", "is required"],
    [{ title: "t".repeat(101) }, "title", "must be at most 100 characters"],
    [{}, "(body)", "must name at least one of bufferMinutes, room, title"],
  ])("refuses %j, naming %s", async (input, field, problem) => {
    const before = await t.db.clinician.findUniqueOrThrow({ where: { id: clinic.clinicians[0]!.id } });
    await expect(change(input)).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: [{ field, problem }] });
    expect(await t.db.clinician.findUniqueOrThrow({ where: { id: clinic.clinicians[0]!.id } })).toEqual(before);
  });

  it("is for admins and reception only", async () => {
    await expect(change({ bufferMinutes: 5 }, users.CLINICIAN)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await change({ bufferMinutes: 5 }, users.ADMIN)).toMatchObject({ bufferMinutes: 5 });
  });
});
