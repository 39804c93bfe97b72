import type { DbOrTx } from "../db/client.ts";
import type { Audience, BookingContext } from "./booking-context.ts";
import { addDays, startOfLocalDay } from "./local-time.ts";
import { computeSlots, type ClinicianSchedule, type Slot } from "./slot-engine.ts";

const MINUTE = 60_000;
/** Staff may book further ahead than patients: two years. */
const STAFF_HORIZON_DAYS = 730;

export interface FreeSlotOptions {
  clinicianIds: string[];
  from: string;
  to: string;
  audience: Audience;
  now: number;
  /** Treat this appointment's time as free (it is being rescheduled). */
  ignoreAppointmentId?: string;
  /** Ignore what is booked (to tell "taken" from "never offered"). */
  ignoreBookings?: boolean;
}

/** Loads schedules and what holds time, and runs the slot engine. */
export async function computeFreeSlots(db: DbOrTx, context: BookingContext, options: FreeSlotOptions): Promise<Slot[]> {
  const { timeZone } = context.location;
  const rangeStart = startOfLocalDay(options.from, timeZone);
  const rangeEnd = startOfLocalDay(addDays(options.to, 1), timeZone);
  const clinicians = context.clinicians.filter((c) => options.clinicianIds.includes(c.id));
  if (clinicians.length === 0) return [];
  const ids = clinicians.map((c) => c.id);

  const [weekly, timeOff, busy] = await Promise.all([
    db.weeklyAvailability.findMany({ where: { clinicianId: { in: ids } }, select: { clinicianId: true, weekday: true, startMinute: true, endMinute: true } }),
    db.timeOff.findMany({
      where: { clinicianId: { in: ids }, startsAt: { lt: new Date(rangeEnd) }, endsAt: { gt: new Date(rangeStart) } },
      select: { clinicianId: true, startsAt: true, endsAt: true },
    }),
    options.ignoreBookings
      ? Promise.resolve([])
      : db.appointment.findMany({
          where: {
            clinicianId: { in: ids },
            startsAt: { lt: new Date(rangeEnd + 2 * 60 * MINUTE) },
            blockedUntil: { gt: new Date(rangeStart - 8 * 60 * MINUTE) },
            OR: [{ status: "BOOKED" }, { status: "HELD", holdExpiresAt: { gt: new Date(options.now) } }],
            ...(options.ignoreAppointmentId ? { id: { not: options.ignoreAppointmentId } } : {}),
          },
          select: { clinicianId: true, startsAt: true, blockedUntil: true },
        }),
  ]);

  const schedules: ClinicianSchedule[] = clinicians.map((c) => ({
    clinicianId: c.id,
    bufferMinutes: c.bufferMinutes,
    weekly: weekly.filter((w) => w.clinicianId === c.id),
    timeOff: timeOff.filter((t) => t.clinicianId === c.id).map((t) => ({ start: t.startsAt.getTime(), end: t.endsAt.getTime() })),
    busy: busy.filter((b) => b.clinicianId === c.id).map((b) => ({ start: b.startsAt.getTime(), end: b.blockedUntil.getTime() })),
  }));

  const { location } = context;
  const patient = options.audience === "patient";
  const earliestStart = options.now + (patient ? location.minNoticeMinutes * MINUTE : 0);
  const horizonDays = patient ? location.bookingHorizonDays : STAFF_HORIZON_DAYS;
  return computeSlots(schedules, {
    timeZone,
    fromDate: options.from,
    toDate: options.to,
    durationMinutes: context.appointmentType.durationMinutes,
    stepMinutes: location.slotStepMinutes,
    earliestStart,
    latestStart: options.now + horizonDays * 24 * 60 * MINUTE,
  });
}
