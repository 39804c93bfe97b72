import type { Db } from "../db/client.ts";
import { isAppError } from "../errors.ts";
import type { WaitlistOfferView } from "../gateway/contract.ts";
import type { Realtime } from "../gateway/realtime.ts";
import { rooms } from "../gateway/rooms.ts";
import type { Logger } from "../logger.ts";
import { loadBookingContext, type BookingContext } from "../booking/booking-context.ts";
import type { SlotFreed } from "../booking/cancel-appointment.ts";
import { claimSlot } from "../booking/claim-slot.ts";
import { computeFreeSlots } from "../booking/free-slots.ts";
import { localDateOf } from "../booking/local-time.ts";
import { notifyAvailabilityChanges } from "../booking/live.ts";
import { fromIsoDate } from "./waitlist-view.ts";

const MINUTE = 60_000;
/** How far down the list one freed slot looks for someone it suits. */
const MAX_CANDIDATES = 200;

export type FreedSlot = Parameters<SlotFreed>[0];

export interface OfferDeps {
  db: Db;
  realtime: Realtime;
  logger?: Logger;
}

type Candidate = { id: string; patientId: string; appointmentTypeId: string; patient: { userId: string | null } };

/**
 * Offers a freed slot to the patient who has waited longest for it: the first WAITING entry
 * (oldest first) of the clinician's department, for this clinician or any, whose dates contain
 * the slot's local date and whose appointment type fits at the freed start. The slot is held
 * for that patient (HELD, for the location's waitlist offer time, never past the start) and the
 * entry becomes OFFERED in the same transaction; then the patient hears of it on their own
 * room. Returns the offer, or null when nobody suits or the slot was taken meanwhile.
 *
 * Safe with many instances: an entry is locked before it is offered anything, and the
 * exclusion constraint lets only one hold take the time.
 */
export async function offerFreedSlot(deps: OfferDeps, freed: FreedSlot, now = Date.now()): Promise<WaitlistOfferView | null> {
  const { db } = deps;
  const startsAt = freed.startsAt.getTime();
  if (startsAt <= now) return null;
  const clinician = await db.clinician.findUnique({
    where: { id: freed.clinicianId },
    select: { departmentId: true, department: { select: { location: { select: { timeZone: true } } } } },
  });
  if (!clinician) return null;
  const date = localDateOf(startsAt, clinician.department.location.timeZone);
  const day = fromIsoDate(date);
  const candidates: Candidate[] = await db.waitlistEntry.findMany({
    where: {
      departmentId: clinician.departmentId,
      status: "WAITING",
      OR: [{ clinicianId: null }, { clinicianId: freed.clinicianId }],
      fromDate: { lte: day },
      toDate: { gte: day },
      appointmentType: { archivedAt: null },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: MAX_CANDIDATES,
    select: { id: true, patientId: true, appointmentTypeId: true, patient: { select: { userId: true } } },
  });

  // Whether the freed start is a free slot for a type (its length must fit), asked once per type.
  const fitting = new Map<string, Promise<BookingContext | null>>();
  const contextIfFits = async (appointmentTypeId: string): Promise<BookingContext | null> => {
    const context = await loadBookingContext(db, appointmentTypeId);
    const free = await computeFreeSlots(db, context, { clinicianIds: [freed.clinicianId], from: date, to: date, audience: "staff", now });
    return free.some((s) => s.startsAt === startsAt) ? context : null;
  };

  for (const entry of candidates) {
    if (!fitting.has(entry.appointmentTypeId)) fitting.set(entry.appointmentTypeId, contextIfFits(entry.appointmentTypeId));
    const context = await fitting.get(entry.appointmentTypeId)!;
    if (!context) continue;
    const outcome = await offerTo(deps, context, entry, freed.clinicianId, startsAt, now);
    if (outcome !== "entry-changed") return outcome;
  }
  return null;
}

async function offerTo(deps: OfferDeps, context: BookingContext, entry: Candidate, clinicianId: string, startsAt: number, now: number): Promise<WaitlistOfferView | null | "entry-changed"> {
  const holdExpiresAt = new Date(Math.min(now + context.location.waitlistOfferMinutes * MINUTE, startsAt));
  let claimed: Awaited<ReturnType<typeof claimSlot>> | null;
  try {
    claimed = await deps.db.$transaction(async (tx) => {
      // Another instance may be offering this entry a slot right now: wait for it, then look again.
      const [locked] = await tx.$queryRaw<{ status: string }[]>`SELECT "status"::text AS "status" FROM "WaitlistEntry" WHERE "id" = ${entry.id}::uuid FOR UPDATE`;
      if (locked?.status !== "WAITING") return null;
      const slot = await claimSlot(deps.db, context, { clinicianId, startsAt, patientId: entry.patientId, bookedById: null, audience: "staff", now, status: "HELD", holdExpiresAt }, tx);
      await tx.waitlistEntry.update({ where: { id: entry.id }, data: { status: "OFFERED", offeredAppointmentId: slot.id } });
      return slot;
    });
  } catch (error) {
    // SLOT_TAKEN: someone booked it meanwhile. Any other refusal: the time is no longer bookable.
    if (!isAppError(error)) throw error;
    deps.logger?.debug({ code: error.code, clinicianId, startsAt: new Date(startsAt).toISOString() }, "freed slot not offered");
    return null;
  }
  if (!claimed) return "entry-changed";

  const offer: WaitlistOfferView = {
    entryId: entry.id,
    appointmentId: claimed.id,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + context.appointmentType.durationMinutes * MINUTE).toISOString(),
    expiresAt: holdExpiresAt.toISOString(),
    clinicianName: context.clinicians.find((c) => c.id === clinicianId)?.displayName ?? "",
    appointmentTypeName: context.appointmentType.name,
  };
  notifyAvailabilityChanges(deps.realtime, [claimed.change, ...claimed.released]);
  // Walk-ins have no account to tell: the offer stands for reception to pass on.
  if (entry.patient.userId) deps.realtime.emit(rooms.user(entry.patient.userId), "waitlist:offer", offer);
  deps.logger?.info({ entryId: entry.id, appointmentId: claimed.id }, "waitlist offer made");
  return offer;
}

/**
 * The SlotFreed hook the server wires into cancel, reschedule, leave/decline and the hold
 * sweeper. An offer that fails is logged; it never fails the request that freed the slot.
 */
export function offerFreedSlots(deps: OfferDeps & { logger: Logger }): SlotFreed {
  return async (freed) => {
    try {
      await offerFreedSlot(deps, freed);
    } catch (error) {
      deps.logger.error({ err: error, clinicianId: freed.clinicianId, startsAt: freed.startsAt.toISOString() }, "waitlist offer failed");
    }
  };
}
