import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { appointmentCalendarFile } from "./appointment-calendar.ts";
import { bookAppointment } from "./book-appointment.ts";
import { cancelAppointment } from "./cancel-appointment.ts";
import { confirmHold } from "./confirm-hold.ts";
import { findSlots } from "./find-slots.ts";
import { holdSlot } from "./hold-slot.ts";
import { listClinicianDay, listOwnAppointments } from "./list-appointments.ts";
import { rescheduleAppointment } from "./reschedule-appointment.ts";
import { startHoldSweeper } from "./hold-sweeper.ts";
import { createLogger } from "../logger.ts";
import { errorOf } from "../../tests/helpers/app-errors.ts";
import { createBookableClinic, recordingRealtime, type BookableClinic } from "../../tests/helpers/booking-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";

let t: TestDatabase;
let clinic: BookableClinic;
let reception: SessionUser;
let alice: SessionUser & { patientId: string };
let bob: SessionUser & { patientId: string };

beforeAll(async () => {
  t = await createTestDatabase("booking");
  clinic = await createBookableClinic(t.db, { clinicians: 2, patients: 2, bufferMinutes: 10 });
  reception = clinic.reception;
  alice = clinic.patients[0]!;
  bob = clinic.patients[1]!;
});
afterAll(async () => {
  await t.drop();
});

describe("slot search", () => {
  it("offers any clinician's free slots and says whose each is", async () => {
    const date = clinic.day(5);
    const result = await findSlots(t.db, alice, { appointmentTypeId: clinic.onlineType.id, from: date, to: date });
    expect(result.timeZone).toBe("Europe/Berlin");
    const ids = new Set(result.slots.map((s) => s.clinicianId));
    expect(ids).toEqual(new Set(clinic.clinicians.map((c) => c.id)));
    expect(result.slots[0]).toMatchObject({ date, startsAt: clinic.at(date, 8), clinicianName: expect.stringMatching(/^Dr\. /) });
    // 08:00–17:00 with 30-minute appointments on a 15-minute grid: 08:00 … 16:30 for each of two.
    expect(result.slots).toHaveLength(2 * 35);
  });

  it.each([
    ["a date in the past", { from: "2020-01-01", to: "2020-01-02" }, "from"],
    ["an end before the start", { from: "D+5", to: "D+4" }, "to"],
    ["more than 31 days", { from: "D+1", to: "D+40" }, "to"],
    ["a malformed date", { from: "tomorrow", to: "D+1" }, "from"],
  ])("refuses %s, naming the field", async (_label, range, field) => {
    const resolve = (v: string) => (v.startsWith("D+") ? clinic.day(Number(v.slice(2))) : v);
    const error = await errorOf(findSlots(t.db, alice, { appointmentTypeId: clinic.onlineType.id, from: resolve(range.from), to: resolve(range.to) }));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.details).toContainEqual(expect.objectContaining({ field }));
  });

  it("does not offer phone-only types to patients, but does to reception", async () => {
    const date = clinic.day(5);
    const error = await errorOf(findSlots(t.db, alice, { appointmentTypeId: clinic.phoneOnlyType.id, from: date, to: date }));
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", message: expect.stringContaining("cannot be booked online") });
    const forReception = await findSlots(t.db, reception, { appointmentTypeId: clinic.phoneOnlyType.id, from: date, to: date });
    expect(forReception.slots.length).toBeGreaterThan(0);
  });

  it("answers an unknown type with 404", async () => {
    const date = clinic.day(5);
    expect((await errorOf(findSlots(t.db, alice, { appointmentTypeId: "00000000-0000-4000-8000-000000000000", from: date, to: date }))).code).toBe("NOT_FOUND");
  });
});

describe("booking", () => {
  it("reception books for a patient; the slot and its buffer disappear from search and watchers hear of it", async () => {
    const realtime = recordingRealtime();
    const date = clinic.day(6);
    const [dr] = clinic.clinicians;
    const appointment = await bookAppointment(t.db, realtime, reception, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, startsAt: clinic.at(date, 9), patientId: alice.patientId });
    expect(appointment).toMatchObject({ status: "BOOKED", date, clinician: { id: dr!.id }, patient: { id: alice.patientId } });
    expect(realtime.changes).toContainEqual({ clinicianId: dr!.id, departmentId: clinic.departmentId, date, reason: "booked" });
    expect(realtime.events[0]?.room).toEqual([`clinician-day:${dr!.id}:${date}`, `department-day:${clinic.departmentId}:${date}`]);

    const slots = (await findSlots(t.db, bob, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, from: date, to: date })).slots.map((s) => s.startsAt);
    expect(slots).not.toContain(clinic.at(date, 9));
    expect(slots).not.toContain(clinic.at(date, 9, 30)); // inside the 10-minute buffer
    expect(slots).not.toContain(clinic.at(date, 8, 30)); // its own buffer would reach 09:10
    expect(slots).toContain(clinic.at(date, 9, 45));
  });

  it("refuses a time that is not an offered slot, a clinician outside the department, and a clinician booking", async () => {
    const date = clinic.day(6);
    const [dr] = clinic.clinicians;
    const offGrid = await errorOf(bookAppointment(t.db, recordingRealtime(), reception, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, startsAt: clinic.at(date, 9, 7), patientId: bob.patientId }));
    expect(offGrid).toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "startsAt", problem: "is not an available slot" }] });
    const night = await errorOf(bookAppointment(t.db, recordingRealtime(), reception, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, startsAt: clinic.at(date, 22), patientId: bob.patientId }));
    expect(night.code).toBe("VALIDATION_FAILED");
    const stranger = await errorOf(bookAppointment(t.db, recordingRealtime(), reception, { appointmentTypeId: clinic.onlineType.id, clinicianId: "00000000-0000-4000-8000-000000000000", startsAt: clinic.at(date, 11), patientId: bob.patientId }));
    expect(stranger).toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "clinicianId", problem: "does not offer this appointment type" }] });
    const clinicianUser = { id: dr!.user.id, role: "CLINICIAN" as const, displayName: dr!.user.displayName };
    expect((await errorOf(bookAppointment(t.db, recordingRealtime(), clinicianUser, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, startsAt: clinic.at(date, 11), patientId: bob.patientId }))).code).toBe("FORBIDDEN");
    expect(await t.db.appointment.count({ where: { patientId: bob.patientId } })).toBe(0);
  });

  it("lets exactly one of 50 parallel attempts on one slot through; the rest get SLOT_TAKEN with alternatives", async () => {
    const date = clinic.day(7);
    const [, dr] = clinic.clinicians;
    const attempt = () => bookAppointment(t.db, recordingRealtime(), reception, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, startsAt: clinic.at(date, 10), patientId: alice.patientId });
    const results = await Promise.allSettled(Array.from({ length: 50 }, attempt));
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const r of lost) {
      expect(isAppError(r.reason) && r.reason.code).toBe("SLOT_TAKEN");
    }
    const first = lost[0]!.reason as { details: { alternatives: { startsAt: string }[] } };
    expect(first.details.alternatives.length).toBeGreaterThan(0);
    expect(first.details.alternatives.map((a) => a.startsAt)).not.toContain(clinic.at(date, 10));
    expect(await t.db.appointment.count({ where: { clinicianId: dr!.id, startsAt: new Date(clinic.at(date, 10)), status: "BOOKED" } })).toBe(1);
  });

  it("for a slot picked from 'any clinician', alternatives come from the whole department", async () => {
    const date = clinic.day(7);
    const [first, second] = clinic.clinicians;
    // Fill the first clinician's whole day, then race for one of its slots as "any clinician".
    const taken = clinic.at(date, 16, 30);
    await bookAppointment(t.db, recordingRealtime(), reception, { appointmentTypeId: clinic.onlineType.id, clinicianId: first!.id, startsAt: taken, patientId: bob.patientId });
    const error = await errorOf(bookAppointment(t.db, recordingRealtime(), reception, { appointmentTypeId: clinic.onlineType.id, clinicianId: first!.id, startsAt: taken, patientId: alice.patientId, anyClinician: true }));
    const alternatives = (error.details as { alternatives: { clinicianId: string; room: string; date: string }[] }).alternatives;
    expect(alternatives.some((a) => a.clinicianId === second!.id)).toBe(true);
    expect(alternatives[0]).toMatchObject({ room: expect.stringMatching(/^Room /), date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it("the database itself refuses overlapping appointments, buffers included", async () => {
    const date = clinic.day(8);
    const [dr] = clinic.clinicians;
    const insert = (start: string, blockedUntil: string) =>
      t.db.$executeRaw`INSERT INTO "Appointment" (id, "patientId", "clinicianId", "appointmentTypeId", "startsAt", "endsAt", "blockedUntil", status, "updatedAt")
        VALUES (gen_random_uuid(), ${alice.patientId}::uuid, ${dr!.id}::uuid, ${clinic.onlineType.id}::uuid, ${new Date(start)}, ${new Date(Date.parse(start) + 30 * 60_000)}, ${new Date(blockedUntil)}, 'BOOKED', now())`;
    await insert(clinic.at(date, 12), clinic.at(date, 12, 40));
    await expect(insert(clinic.at(date, 12, 35), clinic.at(date, 13, 15))).rejects.toThrow();
    await expect(insert(clinic.at(date, 12, 40), clinic.at(date, 13, 20))).resolves.toBe(1);
  });
});

describe("holds", () => {
  it("a held slot is unavailable to others until it is confirmed; confirming books the same row", async () => {
    const date = clinic.day(9);
    const [dr] = clinic.clinicians;
    const realtime = recordingRealtime();
    const hold = await holdSlot(t.db, realtime, alice, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, startsAt: clinic.at(date, 14) });
    expect(hold.status).toBe("HELD");
    expect(Date.parse(hold.holdExpiresAt!)).toBeGreaterThan(Date.now());
    expect(realtime.changes).toContainEqual(expect.objectContaining({ reason: "held", date }));
    expect(hold.patient).toBeUndefined(); // patients never see patient blocks

    const taken = await errorOf(holdSlot(t.db, recordingRealtime(), bob, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, startsAt: clinic.at(date, 14) }));
    expect(taken.code).toBe("SLOT_TAKEN");
    expect((await errorOf(confirmHold(t.db, recordingRealtime(), bob, hold.id))).code).toBe("NOT_FOUND");

    const booked = await confirmHold(t.db, recordingRealtime(), alice, hold.id);
    expect(booked).toMatchObject({ id: hold.id, status: "BOOKED", holdExpiresAt: null });
  });

  it("picking another slot releases the patient's previous hold", async () => {
    const date = clinic.day(9);
    const [, dr] = clinic.clinicians;
    const first = await holdSlot(t.db, recordingRealtime(), bob, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, startsAt: clinic.at(date, 8) });
    await holdSlot(t.db, recordingRealtime(), bob, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, startsAt: clinic.at(date, 9) });
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: first.id }, select: { status: true, cancelReason: true } })).toEqual({ status: "CANCELLED", cancelReason: "Hold released" });
    const slots = (await findSlots(t.db, alice, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, from: date, to: date })).slots.map((s) => s.startsAt);
    expect(slots).toContain(clinic.at(date, 8));
    expect(slots).not.toContain(clinic.at(date, 9));
  });

  it("an expired hold frees its slot: the sweeper ends it and tells watchers, and it cannot be confirmed", async () => {
    const date = clinic.day(10);
    const [dr] = clinic.clinicians;
    // Held "six minutes ago" with a five-minute hold: already lapsed.
    const lapsed = await holdSlot(t.db, recordingRealtime(), alice, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, startsAt: clinic.at(date, 15) }, Date.now() - 6 * 60_000);
    const realtime = recordingRealtime();
    const sweeper = startHoldSweeper({ db: t.db, realtime, logger: createLogger("silent"), intervalMs: 60_000 });
    try {
      expect(await sweeper.sweep()).toBeGreaterThanOrEqual(1);
    } finally {
      await sweeper.stop();
    }
    expect(realtime.changes).toContainEqual({ clinicianId: dr!.id, departmentId: clinic.departmentId, date, reason: "released" });
    expect((await errorOf(confirmHold(t.db, recordingRealtime(), alice, lapsed.id))).code).toBe("HOLD_EXPIRED");
    const rebooked = await bookAppointment(t.db, recordingRealtime(), reception, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, startsAt: clinic.at(date, 15), patientId: bob.patientId });
    expect(rebooked.status).toBe("BOOKED");
  });

  it("a lapsed hold not yet swept does not block a booking", async () => {
    const date = clinic.day(10);
    const [, dr] = clinic.clinicians;
    await holdSlot(t.db, recordingRealtime(), bob, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, startsAt: clinic.at(date, 16) }, Date.now() - 6 * 60_000);
    const booked = await bookAppointment(t.db, recordingRealtime(), reception, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr!.id, startsAt: clinic.at(date, 16), patientId: alice.patientId });
    expect(booked.status).toBe("BOOKED");
  });
});

describe("cancel and reschedule", () => {
  async function booked(patient: typeof alice, date: string, hour: number, clinicianIndex = 0) {
    return bookAppointment(t.db, recordingRealtime(), reception, { appointmentTypeId: clinic.onlineType.id, clinicianId: clinic.clinicians[clinicianIndex]!.id, startsAt: clinic.at(date, hour), patientId: patient.patientId });
  }

  it("a patient cancels their own appointment outside the window; the slot is free again", async () => {
    const date = clinic.day(11);
    const appt = await booked(alice, date, 10);
    const freed: unknown[] = [];
    const realtime = recordingRealtime();
    const cancelled = await cancelAppointment(t.db, realtime, alice, appt.id, { reason: "Feeling better" }, async (f) => void freed.push(f));
    expect(cancelled).toMatchObject({ status: "CANCELLED", cancelledBy: "PATIENT", cancelReason: "Feeling better" });
    expect(realtime.changes).toContainEqual(expect.objectContaining({ reason: "cancelled", date }));
    expect(freed).toHaveLength(1);
    const slots = (await findSlots(t.db, bob, { appointmentTypeId: clinic.onlineType.id, clinicianId: clinic.clinicians[0]!.id, from: date, to: date })).slots.map((s) => s.startsAt);
    expect(slots).toContain(clinic.at(date, 10));
  });

  it("another patient's appointment answers 404, whatever the action", async () => {
    const appt = await booked(alice, clinic.day(11), 12);
    for (const attempt of [
      cancelAppointment(t.db, recordingRealtime(), bob, appt.id, {}),
      rescheduleAppointment(t.db, recordingRealtime(), bob, appt.id, { startsAt: clinic.at(clinic.day(11), 13) }),
      appointmentCalendarFile(t.db, bob, appt.id),
      confirmHold(t.db, recordingRealtime(), bob, appt.id),
    ]) {
      expect((await errorOf(attempt)).code).toBe("NOT_FOUND");
    }
  });

  it("inside the cancellation window a patient is refused; reception must confirm an override", async () => {
    // Tomorrow at 10:00 is within the default 24-hour window once "now" is 20 hours before it.
    const date = clinic.day(12);
    const appt = await booked(alice, date, 10);
    const now = Date.parse(clinic.at(date, 10)) - 20 * 3_600_000;
    const patient = await errorOf(cancelAppointment(t.db, recordingRealtime(), alice, appt.id, {}, undefined, now));
    expect(patient).toMatchObject({ code: "CHANGE_WINDOW_CLOSED", message: expect.stringContaining("Please call reception") });
    const staff = await errorOf(cancelAppointment(t.db, recordingRealtime(), reception, appt.id, {}, undefined, now));
    expect(staff).toMatchObject({ code: "CHANGE_WINDOW_CLOSED", details: expect.objectContaining({ overridable: true }) });
    const overridden = await cancelAppointment(t.db, recordingRealtime(), reception, appt.id, { override: true, reason: "Clinician ill" }, undefined, now);
    expect(overridden).toMatchObject({ status: "CANCELLED", cancelledBy: "CLINIC" });
  });

  it("reschedules atomically: a taken target leaves the original untouched", async () => {
    const date = clinic.day(13);
    const mine = await booked(alice, date, 9);
    await booked(bob, date, 11);
    const error = await errorOf(rescheduleAppointment(t.db, recordingRealtime(), alice, mine.id, { startsAt: clinic.at(date, 11) }));
    expect(error.code).toBe("SLOT_TAKEN");
    const original = await t.db.appointment.findUniqueOrThrow({ where: { id: mine.id }, select: { status: true } });
    expect(original.status).toBe("BOOKED");
    expect(await t.db.appointment.count({ where: { patientId: alice.patientId, startsAt: new Date(clinic.at(date, 11)) } })).toBe(0);
  });

  it("reschedules to an overlapping later time and links the two appointments", async () => {
    const date = clinic.day(14);
    const mine = await booked(alice, date, 9);
    const realtime = recordingRealtime();
    const moved = await rescheduleAppointment(t.db, realtime, alice, mine.id, { startsAt: clinic.at(date, 9, 15) });
    expect(moved).toMatchObject({ status: "BOOKED", startsAt: clinic.at(date, 9, 15), rescheduledFromId: mine.id });
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: mine.id }, select: { status: true, cancelReason: true } })).toEqual({ status: "CANCELLED", cancelReason: "Rescheduled" });
    expect(realtime.changes.map((c) => c.reason)).toEqual(expect.arrayContaining(["rescheduled", "booked"]));
  });

  it("lists a patient's upcoming and past appointments, and a clinician's day for staff", async () => {
    const mine = await listOwnAppointments(t.db, alice);
    expect(mine.upcoming.length).toBeGreaterThan(0);
    expect(mine.upcoming.every((a) => a.status === "BOOKED" || a.status === "HELD")).toBe(true);
    const starts = mine.upcoming.map((a) => a.startsAt);
    expect([...starts].sort()).toEqual(starts);
    expect(mine.past.some((a) => a.status === "CANCELLED")).toBe(true);
    expect(mine.upcoming.every((a) => a.patient === undefined)).toBe(true);

    const day = await listClinicianDay(t.db, reception, { clinicianId: clinic.clinicians[0]!.id, date: clinic.day(14) });
    expect(day.appointments.map((a) => a.status)).toEqual(["CANCELLED", "BOOKED"]);
    expect(day.appointments[1]?.patient?.id).toBe(alice.patientId);
    expect((await errorOf(listClinicianDay(t.db, alice, { clinicianId: clinic.clinicians[0]!.id, date: clinic.day(14) }))).code).toBe("FORBIDDEN");
  });

  it("writes a calendar file for a booked appointment", async () => {
    const appt = await booked(alice, clinic.day(15), 10);
    const file = await appointmentCalendarFile(t.db, alice, appt.id);
    expect(file.filename).toBe(`appointment-${appt.startsAt.slice(0, 10)}.ics`);
    expect(file.body).toContain("BEGIN:VCALENDAR");
    expect(file.body).toContain(`DTSTART:${appt.startsAt.replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`);
    expect(file.body).toContain("SUMMARY:Consultation with Dr. A");
  });
});
