import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPatientRecord, createUser, type TestUser } from "../../tests/helpers/factories.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { listAuditEvents, recordAuditEvent } from "./audit-log.ts";

let t: TestDatabase;
let admin: TestUser;
beforeAll(async () => {
  t = await createTestDatabase("audit_log");
  admin = await createUser(t.db, "ADMIN");
});
afterAll(async () => {
  await t.drop();
});

describe("recordAuditEvent and listAuditEvents", () => {
  it("lists events newest first with the actor's name and role and the patient's name and MRN", async () => {
    const reception = await createUser(t.db, "RECEPTIONIST", { displayName: "Rita Reception" });
    const patient = await createPatientRecord(t.db, { firstName: "Ada", lastName: "Lovelace" });
    await recordAuditEvent(t.db, { actorId: reception.id, action: "patient.search", details: { kind: "name", count: 1 } });
    await recordAuditEvent(t.db, { actorId: reception.id, action: "patient.view", patientId: patient.id });
    const page = await listAuditEvents(t.db, admin, { actorId: reception.id });
    expect(page).toEqual({
      nextBefore: null,
      events: [
        {
          id: expect.any(String),
          at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          action: "patient.view",
          actor: { id: reception.id, displayName: "Rita Reception", role: "RECEPTIONIST" },
          patient: { id: patient.id, firstName: "Ada", lastName: "Lovelace", medicalRecordNumber: patient.medicalRecordNumber },
          details: null,
        },
        expect.objectContaining({ action: "patient.search", patient: null, details: { kind: "name", count: 1 } }),
      ],
    });
  });

  it("filters by patient, actor and action together", async () => {
    const [a, b] = [await createUser(t.db, "CLINICIAN"), await createUser(t.db, "CLINICIAN")];
    const [p, q] = [await createPatientRecord(t.db), await createPatientRecord(t.db)];
    for (const actorId of [a.id, b.id]) {
      for (const patientId of [p.id, q.id]) {
        await recordAuditEvent(t.db, { actorId, action: "patient.view", patientId });
        await recordAuditEvent(t.db, { actorId, action: "patient.update", patientId, details: { fields: ["notes"] } });
      }
    }
    const { events } = await listAuditEvents(t.db, admin, { patientId: p.id, actorId: b.id, action: "patient.update" });
    expect(events.map((e) => [e.actor.id, e.patient?.id, e.action])).toEqual([[b.id, p.id, "patient.update"]]);
    expect((await listAuditEvents(t.db, admin, { patientId: q.id })).events).toHaveLength(4);
  });

  it("pages through events that share a timestamp without skipping or repeating any", async () => {
    const patient = await createPatientRecord(t.db);
    const same = new Date("2026-03-01T10:00:00.000Z");
    const times = [new Date("2026-03-01T10:00:01.000Z"), same, same, same, same, same, new Date("2026-03-01T09:59:59.000Z")];
    for (const at of times) await t.db.auditEvent.create({ data: { actorId: admin.id, action: "patient.view", patientId: patient.id, at } });
    const expected = await t.db.auditEvent.findMany({ where: { patientId: patient.id }, orderBy: [{ at: "desc" }, { id: "desc" }], select: { id: true } });

    const seen: string[] = [];
    let before: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listAuditEvents(t.db, admin, { patientId: patient.id, limit: "2", before });
      seen.push(...page.events.map((e) => e.id));
      if (!page.nextBefore) break;
      before = page.nextBefore;
    }
    expect(seen).toEqual(expected.map((e) => e.id));
  });

  it("takes a plain ISO timestamp as `before`", async () => {
    const patient = await createPatientRecord(t.db);
    for (const at of ["2026-04-01T08:00:00Z", "2026-04-01T09:00:00Z", "2026-04-01T10:00:00Z"]) {
      await t.db.auditEvent.create({ data: { actorId: admin.id, action: "patient.view", patientId: patient.id, at: new Date(at) } });
    }
    const { events } = await listAuditEvents(t.db, admin, { patientId: patient.id, before: "2026-04-01T10:00:00.000Z" });
    expect(events.map((e) => e.at)).toEqual(["2026-04-01T09:00:00.000Z", "2026-04-01T08:00:00.000Z"]);
  });

  it.each([
    ["limit", { limit: "101" }, "must be at most 100"],
    ["limit", { limit: "0" }, "must be at least 1"],
    ["patientId", { patientId: "42" }, "must be a record id (UUID)"],
    ["action", { action: "DROP TABLE" }, "must be an action such as patient.view"],
    ["before", { before: "yesterday" }, "must be an ISO timestamp or a nextBefore cursor"],
  ])("refuses a bad %s, naming it", async (field, query, problem) => {
    await expect(listAuditEvents(t.db, admin, query)).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: [{ field, problem }] });
  });

  it("treats empty filters as absent", async () => {
    await expect(listAuditEvents(t.db, admin, { patientId: "", actorId: "", action: "", before: "", limit: "" })).resolves.toMatchObject({ events: expect.any(Array) });
  });

  it.each(["RECEPTIONIST", "CLINICIAN", "PATIENT"] as const)("refuses a %s", async (role) => {
    const user = await createUser(t.db, role);
    await expect(listAuditEvents(t.db, user, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
