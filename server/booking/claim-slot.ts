import type { Db, DbOrTx } from "../db/client.ts";
import { AppError, isExclusionViolation, isTransactionConflict } from "../errors.ts";
import type { AvailabilityChange } from "../gateway/contract.ts";
import { clinicianIn, type Audience, type BookingContext } from "./booking-context.ts";
import { expireHolds } from "./expire-holds.ts";
import { computeFreeSlots } from "./free-slots.ts";
import { addDays, localDateOf } from "./local-time.ts";
import { toSlotViews } from "./slot-view.ts";

const MINUTE = 60_000;
const ALTERNATIVES = 5;

export interface ClaimRequest {
  clinicianId: string;
  startsAt: number;
  patientId: string;
  /** null when nobody booked it: a waitlist offer. */
  bookedById: string | null;
  audience: Audience;
  now: number;
  status: "HELD" | "BOOKED";
  holdExpiresAt?: Date;
  /** When rescheduling: the appointment being replaced (its own time counts as free). */
  replacing?: string;
  /** The caller was browsing "any clinician": offer alternatives from the whole department. */
  anyClinician?: boolean;
}


function alternativesFrom(context: BookingContext, clinicianId: string, request: ClaimRequest): string[] {
  return request.anyClinician ? context.clinicians.map((c) => c.id) : [clinicianId];
}

/** A 409 that tells the caller the slot is gone and offers the next free ones. */
export async function slotTakenError(db: DbOrTx, context: BookingContext, clinicianIds: string[], fromInstant: number, audience: Audience, now: number): Promise<AppError> {
  const from = localDateOf(Math.max(fromInstant, now), context.location.timeZone);
  const slots = await computeFreeSlots(db, context, { clinicianIds, from, to: addDays(from, 6), audience, now });
  const alternatives = toSlotViews(context, slots.slice(0, ALTERNATIVES));
  return new AppError("SLOT_TAKEN", "Sorry, that slot was just taken. Please pick another time.", { alternatives });
}

/**
 * Checks that the requested start is a slot this audience may book, then writes the
 * appointment. The database has the last word: if another request took the time first, the
 * exclusion constraint refuses the row and the caller gets SLOT_TAKEN with alternatives.
 * Runs inside the caller's transaction when given one (reschedule), else its own.
 */
export async function claimSlot(db: Db, context: BookingContext, request: ClaimRequest, tx?: DbOrTx): Promise<{ id: string; change: AvailabilityChange; released: AvailabilityChange[] }> {
  const clinician = clinicianIn(context, request.clinicianId);
  const { timeZone } = context.location;
  const date = localDateOf(request.startsAt, timeZone);
  const reader = tx ?? db;
  const options = { clinicianIds: [clinician.id], from: date, to: date, audience: request.audience, now: request.now, ignoreAppointmentId: request.replacing };
  const free = await computeFreeSlots(reader, context, options);
  if (!free.some((s) => s.startsAt === request.startsAt)) {
    const offered = await computeFreeSlots(reader, context, { ...options, ignoreBookings: true });
    if (offered.some((s) => s.startsAt === request.startsAt)) {
      throw await slotTakenError(reader, context, alternativesFrom(context, clinician.id, request), request.startsAt, request.audience, request.now);
    }
    throw new AppError("VALIDATION_FAILED", "That time is not available for booking. Please choose one of the offered slots.", [
      { field: "startsAt", problem: "is not an available slot" },
    ]);
  }

  const startsAt = new Date(request.startsAt);
  const endsAt = new Date(request.startsAt + context.appointmentType.durationMinutes * MINUTE);
  const blockedUntil = new Date(endsAt.getTime() + clinician.bufferMinutes * MINUTE);

  const write = async (t: DbOrTx) => {
    const expired = await expireHolds(t, { clinicianId: clinician.id, start: startsAt, end: blockedUntil });
    const created = await t.appointment.create({
      data: {
        patientId: request.patientId,
        clinicianId: clinician.id,
        appointmentTypeId: context.appointmentType.id,
        startsAt,
        endsAt,
        blockedUntil,
        status: request.status,
        holdExpiresAt: request.status === "HELD" ? (request.holdExpiresAt ?? null) : null,
        bookedById: request.bookedById,
        rescheduledFromId: request.replacing ?? null,
      },
      select: { id: true },
    });
    return { created, expired };
  };

  try {
    const { created, expired } = tx ? await write(tx) : await db.$transaction(write);
    const change: AvailabilityChange = { clinicianId: clinician.id, departmentId: context.department.id, date, reason: request.status === "HELD" ? "held" : "booked" };
    const released = expired.map((e) => ({ clinicianId: e.clinicianId, departmentId: context.department.id, date: localDateOf(e.startsAt.getTime(), timeZone), reason: "released" as const }));
    return { id: created.id, change, released };
  } catch (error) {
    // A deadlock between two claims of overlapping time is a lost race too: the other claim goes through.
    if (isExclusionViolation(error) || isTransactionConflict(error)) {
      throw await slotTakenError(db, context, alternativesFrom(context, clinician.id, request), request.startsAt, request.audience, request.now);
    }
    throw error;
  }
}
