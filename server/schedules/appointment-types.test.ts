import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createDepartment, type TestClinic } from "../../tests/helpers/clinic-factories.ts";
import { createUser, type TestUser } from "../../tests/helpers/factories.ts";
import { startTestGateway, type TestGateway } from "../../tests/helpers/gateway.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { createAppointmentType } from "./create-appointment-type.ts";
import { listAppointmentTypes } from "./list-appointment-types.ts";
import { updateAppointmentType } from "./update-appointment-type.ts";

let t: TestDatabase;
let gateway: TestGateway;
let clinic: TestClinic;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestDatabase("types");
  gateway = await startTestGateway(t.db);
  clinic = await createClinic(t.db, { appointmentTypes: [{ name: "Consultation", durationMinutes: 15 }] });
  admin = await createUser(t.db, "ADMIN");
});
afterAll(async () => {
  await gateway?.close();
  await t?.drop();
});

const create = (input: Record<string, unknown>) => createAppointmentType(t.db, admin, { departmentId: clinic.department.id, ...input });
const update = (id: string, input: unknown) => updateAppointmentType(t.db, gateway.realtime, admin, id, input);

describe("appointment types", () => {
  it("creates a type, bookable online unless said otherwise", async () => {
    const created = await create({ name: " Vaccination ", durationMinutes: 10 });
    expect(created).toMatchObject({ name: "Vaccination", durationMinutes: 10, bookableOnline: true, archived: false, archivedAt: null, departmentName: clinic.department.name });
    expect((await create({ name: "Minor procedure", durationMinutes: 45, bookableOnline: false })).bookableOnline).toBe(false);
  });

  it("refuses a name the department already uses, whatever the case, with 409 naming the field", async () => {
    const count = await t.db.appointmentType.count();
    for (const name of ["Consultation", "consultation"]) {
      await expect(create({ name, durationMinutes: 20 })).rejects.toMatchObject({
        code: "CONFLICT",
        details: [{ field: "name", problem: "is already used by another appointment type in this department" }],
      });
    }
    expect(await t.db.appointmentType.count()).toBe(count);
  });

  it("allows the same name in another department", async () => {
    const other = await createDepartment(t.db, clinic.location.id);
    expect(await createAppointmentType(t.db, admin, { departmentId: other.id, name: "Consultation", durationMinutes: 20 })).toMatchObject({ departmentId: other.id });
  });

  it("decides a race for one name by the unique index", async () => {
    const results = await Promise.allSettled([create({ name: "Race", durationMinutes: 15 }), create({ name: "Race", durationMinutes: 15 })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
  });

  it.each([
    [{ name: "", durationMinutes: 15 }, "name", "is required"],
    [{ name: "n".repeat(101), durationMinutes: 15 }, "name", "must be at most 100 characters"],
    [{ name: "Short", durationMinutes: 4 }, "durationMinutes", "must be 5 to 480 minutes"],
    [{ name: "Long", durationMinutes: 481 }, "durationMinutes", "must be 5 to 480 minutes"],
    [{ name: "Odd", durationMinutes: 12.5 }, "durationMinutes", "must be a whole number"],
    [{ name: "Flag", durationMinutes: 15, bookableOnline: "yes" }, "bookableOnline", expect.any(String)],
  ])("refuses %j, naming %s", async (input, field, problem) => {
    await expect(create(input)).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: [{ field, problem }] });
  });

  it("answers NOT_FOUND naming departmentId for an unknown department", async () => {
    await expect(createAppointmentType(t.db, admin, { departmentId: "3b241101-e2bb-4255-8caf-4136c566a962", name: "X", durationMinutes: 15 })).rejects.toMatchObject({
      code: "NOT_FOUND",
      details: [{ field: "departmentId", problem: "is not a known department" }],
    });
  });

  it("updates name, duration and online booking; only the fields sent", async () => {
    const type = await create({ name: "Check-up", durationMinutes: 20 });
    expect(await update(type.id, { name: "Annual check-up", durationMinutes: 40 })).toMatchObject({ name: "Annual check-up", durationMinutes: 40, bookableOnline: true });
    expect(await update(type.id, { bookableOnline: false })).toMatchObject({ name: "Annual check-up", durationMinutes: 40, bookableOnline: false });
    // Renaming to its own name in another case is not a clash with itself.
    expect(await update(type.id, { name: "ANNUAL CHECK-UP" })).toMatchObject({ name: "ANNUAL CHECK-UP" });
    await expect(update(type.id, { name: "consultation" })).rejects.toMatchObject({ code: "CONFLICT", details: [{ field: "name" }] });
    await expect(update(type.id, {})).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "(body)" }] });
    await expect(update(type.id, { durationMinutes: 0 })).rejects.toMatchObject({ details: [{ field: "durationMinutes" }] });
  });

  it("archives and un-archives, never deletes, and lists archived types flagged", async () => {
    const type = await create({ name: "Retired", durationMinutes: 15 });
    const archived = await update(type.id, { archived: true });
    expect(archived).toMatchObject({ archived: true, archivedAt: expect.any(String) });
    // Archiving again keeps the original date.
    expect((await update(type.id, { archived: true })).archivedAt).toBe(archived.archivedAt);

    const all = await listAppointmentTypes(t.db, admin, { departmentId: clinic.department.id });
    expect(all.find((x) => x.id === type.id)).toMatchObject({ archived: true });
    const current = await listAppointmentTypes(t.db, admin, { departmentId: clinic.department.id, includeArchived: false });
    expect(current.map((x) => x.id)).not.toContain(type.id);
    expect(current.every((x) => x.departmentId === clinic.department.id)).toBe(true);

    expect(await update(type.id, { archived: false })).toMatchObject({ archived: false, archivedAt: null });
    expect(await t.db.appointmentType.count({ where: { id: type.id } })).toBe(1);
  });

  it("answers NOT_FOUND for an unknown type", async () => {
    await expect(update("3b241101-e2bb-4255-8caf-4136c566a962", { archived: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(update("42", { archived: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
