import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newMedicalRecordNumber } from "../auth/register-patient.ts";
import { bookAppointment } from "../booking/book-appointment.ts";
import { cancelAppointment, type SlotFreed } from "../booking/cancel-appointment.ts";
import { confirmHold } from "../booking/confirm-hold.ts";
import { findSlots } from "../booking/find-slots.ts";
import { startHoldSweeper } from "../booking/hold-sweeper.ts";
import type { Realtime } from "../gateway/realtime.ts";
import { createLogger } from "../logger.ts";
import { errorOf } from "../../tests/helpers/app-errors.ts";
import { createBookableClinic, recordingRealtime, type BookableClinic } from "../../tests/helpers/booking-fixtures.ts";
import { connectClient, nextEvent, startTestGateway } from "../../tests/helpers/gateway.ts";
import { sessionCookieFor } from "../../tests/helpers/session.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { joinedWaitlist } from "../../tests/helpers/waitlist-fixtures.ts";
import { declineOffer } from "./decline-offer.ts";
import { leaveWaitlist } from "./leave-waitlist.ts";
import { listWaitlist } from "./list-waitlist.ts";
import { offerFreedSlot } from "./offer-freed-slot.ts";

const MINUTE = 60_000;
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase("waitlist_offer");
});
afterAll(async () => {
  await t.drop();
});

/** The hook as the server wires it, with a chosen "now" for the offer. */
function offeringTo(realtime: Realtime, now?: () => number): SlotFreed {
  return async (freed) => void (await offerFreedSlot({ db: t.db, realtime }, freed, now?.()));
}

function entryOf(id: string) {
  return t.db.waitlistEntry.findUniqueOrThrow({ where: { id }, select: { status: true, offeredAppointmentId: true } });
}

function appointmentOf(id: string) {
  return t.db.appointment.findUniqueOrThrow({ where: { id }, select: { status: true, patientId: true, startsAt: true, holdExpiresAt: true, bookedById: true, cancelReason: true } });
}

async function bookAt(clinic: BookableClinic, patientId: string, date: string, hours: number, minutes = 0, clinicianIndex = 0) {
  return bookAppointment(t.db, recordingRealtime(), clinic.reception, { appointmentTypeId: clinic.onlineType.id, clinicianId: clinic.clinicians[clinicianIndex]!.id, startsAt: clinic.at(date, hours, minutes), patientId });
}

/** A clinic where two patients wait and a cancellation at 10:00 on day 3 has just been offered to the first. */
async function withOffer(now?: () => number) {
  const clinic = await createBookableClinic(t.db, { clinicians: 2, patients: 3 });
  const [holder, first, second] = clinic.patients as [BookableClinic["patients"][number], BookableClinic["patients"][number], BookableClinic["patients"][number]];
  const date = clinic.day(3);
  const booked = await bookAt(clinic, holder.patientId, date, 10);
  const firstEntry = await joinedWaitlist(t.db, clinic, first);
  const secondEntry = await joinedWaitlist(t.db, clinic, second);
  const realtime = recordingRealtime();
  await cancelAppointment(t.db, realtime, clinic.reception, booked.id, {}, offeringTo(realtime, now));
  const offered = await entryOf(firstEntry.id);
  expect(offered.status).toBe("OFFERED");
  return { clinic, date, first, second, firstEntry, secondEntry, realtime, offerId: offered.offeredAppointmentId! };
}

describe("a freed slot goes to the waitlist", () => {
  it("offers a cancellation to the first patient it suits, and to nobody it does not", async () => {
    const clinic = await createBookableClinic(t.db, { clinicians: 2, patients: 7 });
    const otherClinic = await createBookableClinic(t.db, { clinicians: 1, patients: 0 });
    const [holder, wrongDepartment, outOfRange, otherClinician, tooLong, first, second] = clinic.patients;
    const [dr1, dr2] = clinic.clinicians;
    const date = clinic.day(3);
    const freed = await bookAt(clinic, holder!.patientId, date, 10);
    await bookAt(clinic, holder!.patientId, date, 10, 30); // a 60-minute type does not fit at 10:00

    const skipped = [
      await joinedWaitlist(t.db, otherClinic, wrongDepartment!),
      await joinedWaitlist(t.db, clinic, outOfRange!, { fromDate: clinic.day(4), toDate: clinic.day(10) }),
      await joinedWaitlist(t.db, clinic, otherClinician!, { clinicianId: dr2!.id }),
      await joinedWaitlist(t.db, clinic, clinic.reception, { appointmentTypeId: clinic.phoneOnlyType.id, patientId: tooLong!.patientId }),
    ];
    const firstEntry = await joinedWaitlist(t.db, clinic, first!, { fromDate: date, toDate: date });
    const secondEntry = await joinedWaitlist(t.db, clinic, second!, { clinicianId: dr1!.id });

    const realtime = recordingRealtime();
    const before = Date.now();
    await cancelAppointment(t.db, realtime, clinic.reception, freed.id, { reason: "Patient unwell" }, offeringTo(realtime));

    const entry = await entryOf(firstEntry.id);
    expect(entry.status).toBe("OFFERED");
    for (const e of [...skipped, secondEntry]) expect((await entryOf(e.id)).status).toBe("WAITING");

    const hold = await appointmentOf(entry.offeredAppointmentId!);
    expect(hold).toMatchObject({ status: "HELD", patientId: first!.patientId, startsAt: new Date(clinic.at(date, 10)), bookedById: null });
    expect(hold.holdExpiresAt!.getTime()).toBeGreaterThanOrEqual(before + 30 * MINUTE);
    expect(hold.holdExpiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 30 * MINUTE);

    const pushed = realtime.events.find((e) => e.event === "waitlist:offer");
    expect(pushed).toEqual({
      room: `user:${first!.id}`,
      event: "waitlist:offer",
      payload: {
        entryId: firstEntry.id,
        appointmentId: entry.offeredAppointmentId,
        startsAt: clinic.at(date, 10),
        endsAt: clinic.at(date, 10, 30),
        expiresAt: hold.holdExpiresAt!.toISOString(),
        clinicianName: dr1!.user.displayName,
        appointmentTypeName: "Consultation",
      },
    });
    expect(realtime.changes).toContainEqual({ clinicianId: dr1!.id, departmentId: clinic.departmentId, date, reason: "held" });

    // The offer is a hold: nobody else sees or takes the slot.
    const slots = (await findSlots(t.db, second!, { appointmentTypeId: clinic.onlineType.id, clinicianId: dr1!.id, from: date, to: date })).slots.map((s) => s.startsAt);
    expect(slots).not.toContain(clinic.at(date, 10));
    expect((await errorOf(bookAt(clinic, second!.patientId, date, 10))).code).toBe("SLOT_TAKEN");

    // Both the patient and staff see the offer on the entry.
    const own = (await listWaitlist(t.db, first!)).entries.find((e) => e.id === firstEntry.id);
    expect(own?.offer).toEqual(pushed?.payload);
    const staff = (await listWaitlist(t.db, clinic.reception)).entries.find((e) => e.id === firstEntry.id);
    expect(staff).toMatchObject({ status: "OFFERED", offer: { expiresAt: hold.holdExpiresAt!.toISOString() }, patient: { id: first!.patientId } });
  });

  it("makes no offer when nobody waits, and none for a slot already past", async () => {
    const clinic = await createBookableClinic(t.db, { clinicians: 1, patients: 1 });
    const date = clinic.day(2);
    const freed = { clinicianId: clinic.clinicians[0]!.id, appointmentTypeId: clinic.onlineType.id, startsAt: new Date(clinic.at(date, 9)) };
    expect(await offerFreedSlot({ db: t.db, realtime: recordingRealtime() }, freed)).toBeNull();
    await joinedWaitlist(t.db, clinic, clinic.patients[0]!, { fromDate: clinic.day(0) });
    const yesterday = { ...freed, startsAt: new Date(clinic.at(clinic.day(-1), 9)) };
    expect(await offerFreedSlot({ db: t.db, realtime: recordingRealtime() }, yesterday)).toBeNull();
    expect(await t.db.appointment.count({ where: { clinicianId: freed.clinicianId } })).toBe(0);
  });

  it("holds an offer no longer than until the slot starts", async () => {
    const clinic = await createBookableClinic(t.db, { clinicians: 1, patients: 1 });
    const entry = await joinedWaitlist(t.db, clinic, clinic.patients[0]!);
    const startsAt = Date.parse(clinic.at(clinic.day(2), 9));
    const offer = await offerFreedSlot({ db: t.db, realtime: recordingRealtime() }, { clinicianId: clinic.clinicians[0]!.id, appointmentTypeId: clinic.onlineType.id, startsAt: new Date(startsAt) }, startsAt - 10 * MINUTE);
    expect(offer).toMatchObject({ entryId: entry.id, expiresAt: new Date(startsAt).toISOString() });
  });

  it("offers a walk-in without an account: no push, but the offer stands for reception", async () => {
    const clinic = await createBookableClinic(t.db, { clinicians: 1, patients: 0 });
    const walkIn = await t.db.patient.create({ data: { medicalRecordNumber: newMedicalRecordNumber(), firstName: "Walk", lastName: "In", dateOfBirth: new Date("1970-01-01") }, select: { id: true } });
    const entry = await joinedWaitlist(t.db, clinic, clinic.reception, { patientId: walkIn.id });
    const realtime = recordingRealtime();
    const offer = await offerFreedSlot({ db: t.db, realtime }, { clinicianId: clinic.clinicians[0]!.id, appointmentTypeId: clinic.onlineType.id, startsAt: new Date(clinic.at(clinic.day(2), 11)) });
    expect(offer?.entryId).toBe(entry.id);
    expect(realtime.events.map((e) => e.event)).not.toContain("waitlist:offer");
    expect((await entryOf(entry.id)).status).toBe("OFFERED");
  });
});

describe("the offered patient's answer", () => {
  it("accepting (confirming the hold) books it and closes the entry", async () => {
    const { first, second, firstEntry, offerId } = await withOffer();
    expect((await errorOf(confirmHold(t.db, recordingRealtime(), second, offerId))).code).toBe("NOT_FOUND");
    const booked = await confirmHold(t.db, recordingRealtime(), first, offerId);
    expect(booked).toMatchObject({ id: offerId, status: "BOOKED", holdExpiresAt: null });
    expect(await entryOf(firstEntry.id)).toEqual({ status: "BOOKED", offeredAppointmentId: null });
    expect((await listWaitlist(t.db, first)).entries[0]).toMatchObject({ id: firstEntry.id, status: "BOOKED", offer: null });
  });

  it("letting it lapse moves it to the next patient when the sweeper runs", async () => {
    // Offered "31 minutes ago" with a 30-minute offer time: already lapsed.
    const { clinic, date, first, second, firstEntry, secondEntry, offerId } = await withOffer(() => Date.now() - 31 * MINUTE);
    const realtime = recordingRealtime();
    const sweeper = startHoldSweeper({ db: t.db, realtime, logger: createLogger("silent"), onSlotFreed: offeringTo(realtime), intervalMs: 60_000 });
    try {
      expect(await sweeper.sweep()).toBeGreaterThanOrEqual(1);
    } finally {
      await sweeper.stop();
    }
    expect(await entryOf(firstEntry.id)).toEqual({ status: "EXPIRED", offeredAppointmentId: null });
    expect(await appointmentOf(offerId)).toMatchObject({ status: "CANCELLED", cancelReason: "Hold expired" });
    const next = await entryOf(secondEntry.id);
    expect(next.status).toBe("OFFERED");
    expect(await appointmentOf(next.offeredAppointmentId!)).toMatchObject({ status: "HELD", patientId: second.patientId, startsAt: new Date(clinic.at(date, 10)) });
    expect(realtime.events).toContainEqual(expect.objectContaining({ room: `user:${second.id}`, event: "waitlist:offer" }));
    expect((await errorOf(confirmHold(t.db, recordingRealtime(), first, offerId))).code).toBe("HOLD_EXPIRED");
  });

  it("declining releases the hold and offers the slot to the next patient", async () => {
    const { clinic, first, second, firstEntry, secondEntry, offerId } = await withOffer();
    expect((await errorOf(declineOffer(t.db, recordingRealtime(), second, firstEntry.id))).code).toBe("NOT_FOUND");
    expect((await errorOf(declineOffer(t.db, recordingRealtime(), clinic.reception, firstEntry.id))).code).toBe("FORBIDDEN");
    expect((await errorOf(declineOffer(t.db, recordingRealtime(), second, secondEntry.id))).code).toBe("CONFLICT"); // nothing on offer yet

    const realtime = recordingRealtime();
    const declined = await declineOffer(t.db, realtime, first, firstEntry.id, offeringTo(realtime));
    expect(declined).toMatchObject({ id: firstEntry.id, status: "EXPIRED", offer: null });
    expect(await appointmentOf(offerId)).toMatchObject({ status: "CANCELLED", cancelReason: "Offer declined" });
    expect(realtime.changes.map((c) => c.reason)).toEqual(["released", "held"]);
    const next = await entryOf(secondEntry.id);
    expect(next.status).toBe("OFFERED");
    expect(await appointmentOf(next.offeredAppointmentId!)).toMatchObject({ status: "HELD", patientId: second.patientId });
    expect((await errorOf(declineOffer(t.db, recordingRealtime(), first, firstEntry.id))).code).toBe("CONFLICT");
  });

  it("leaving the waitlist with an offer open releases it to the next patient", async () => {
    const { first, firstEntry, secondEntry, offerId } = await withOffer();
    const realtime = recordingRealtime();
    expect((await leaveWaitlist(t.db, realtime, first, firstEntry.id, offeringTo(realtime))).status).toBe("CANCELLED");
    expect(await appointmentOf(offerId)).toMatchObject({ status: "CANCELLED", cancelReason: "Left the waitlist" });
    expect((await entryOf(secondEntry.id)).status).toBe("OFFERED");
  });

  it("reception cancelling the offered hold ends the offer too, and the slot moves on", async () => {
    const { clinic, firstEntry, secondEntry, offerId } = await withOffer();
    const realtime = recordingRealtime();
    await cancelAppointment(t.db, realtime, clinic.reception, offerId, {}, offeringTo(realtime));
    expect(await entryOf(firstEntry.id)).toEqual({ status: "EXPIRED", offeredAppointmentId: null });
    expect((await entryOf(secondEntry.id)).status).toBe("OFFERED");
  });
});

describe("several instances at once", () => {
  it("offering the same freed slot from many instances at once makes exactly one offer, to the first patient", async () => {
    const clinic = await createBookableClinic(t.db, { clinicians: 1, patients: 4 });
    const entries = [];
    for (const patient of clinic.patients) entries.push(await joinedWaitlist(t.db, clinic, patient));
    const startsAt = new Date(clinic.at(clinic.day(2), 14));
    const freed = { clinicianId: clinic.clinicians[0]!.id, appointmentTypeId: clinic.onlineType.id, startsAt };
    const offers = await Promise.all(Array.from({ length: 8 }, () => offerFreedSlot({ db: t.db, realtime: recordingRealtime() }, freed)));
    expect(offers.filter((o) => o !== null).map((o) => o!.entryId)).toEqual([entries[0]!.id]);
    expect(await t.db.appointment.count({ where: { clinicianId: freed.clinicianId, startsAt, status: "HELD" } })).toBe(1);
    expect(await t.db.waitlistEntry.count({ where: { id: { in: entries.map((e) => e.id) }, status: "OFFERED" } })).toBe(1);
  });

  it("two slots freed at once go to two different patients", async () => {
    const clinic = await createBookableClinic(t.db, { clinicians: 2, patients: 2 });
    const entries = [await joinedWaitlist(t.db, clinic, clinic.patients[0]!), await joinedWaitlist(t.db, clinic, clinic.patients[1]!)];
    const date = clinic.day(2);
    const offers = await Promise.all(
      clinic.clinicians.map((c) => offerFreedSlot({ db: t.db, realtime: recordingRealtime() }, { clinicianId: c.id, appointmentTypeId: clinic.onlineType.id, startsAt: new Date(clinic.at(date, 9)) })),
    );
    expect(new Set(offers.map((o) => o?.entryId))).toEqual(new Set(entries.map((e) => e.id)));
  });
});

describe("live", () => {
  it("the offered patient's socket receives waitlist:offer", async () => {
    const gateway = await startTestGateway(t.db);
    try {
      const clinic = await createBookableClinic(t.db, { clinicians: 1, patients: 2 });
      const [holder, waiting] = clinic.patients;
      const date = clinic.day(4);
      const booked = await bookAt(clinic, holder!.patientId, date, 15);
      const entry = await joinedWaitlist(t.db, clinic, waiting!);
      const socket = await connectClient(gateway.url, await sessionCookieFor(waiting!));
      try {
        const received = nextEvent(socket, "waitlist:offer");
        await cancelAppointment(t.db, gateway.realtime, holder!, booked.id, {}, offeringTo(gateway.realtime));
        expect(await received).toMatchObject({ entryId: entry.id, startsAt: clinic.at(date, 15), appointmentTypeName: "Consultation", clinicianName: clinic.clinicians[0]!.user.displayName });
      } finally {
        socket.close();
      }
    } finally {
      await gateway.close();
    }
  });
});
