import type { Db } from "../db/client.ts";
import { AppError, validationError } from "../errors.ts";
import type { AvailabilityChange } from "../gateway/contract.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { SessionUser } from "../roles.ts";
import { loadAppointmentFor, ownPatientId, toAppointmentView, type AppointmentView } from "./appointment-view.ts";
import { bookAppointmentSchema } from "./book-appointment.ts";
import { assertBookable, loadBookingContext } from "./booking-context.ts";
import { claimSlot } from "./claim-slot.ts";
import { localDateOf } from "./local-time.ts";
import { notifyAvailabilityChanges } from "./live.ts";

const MINUTE = 60_000;
const holdSchema = bookAppointmentSchema.omit({ patientId: true });

/**
 * A patient picked a slot: hold it for them for the location's hold time while they confirm.
 * Everyone else sees it as unavailable at once. Picking another slot releases the previous
 * hold; an unconfirmed hold expires on its own.
 */
export async function holdSlot(db: Db, realtime: Realtime, user: SessionUser, input: unknown, now = Date.now()): Promise<AppointmentView> {
  if (user.role !== "PATIENT") throw new AppError("FORBIDDEN", "Holds are for patients booking online; reception books directly.");
  const parsed = holdSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const patientId = await ownPatientId(db, user);
  const context = await loadBookingContext(db, parsed.data.appointmentTypeId);
  assertBookable(context, "patient");

  const released = await releaseOwnHolds(db, patientId, context.location.timeZone);
  const claimed = await claimSlot(db, context, {
    clinicianId: parsed.data.clinicianId,
    startsAt: Date.parse(parsed.data.startsAt),
    patientId,
    bookedById: user.id,
    audience: "patient",
    now,
    status: "HELD",
    holdExpiresAt: new Date(now + context.location.holdMinutes * MINUTE),
    anyClinician: parsed.data.anyClinician,
  });
  notifyAvailabilityChanges(realtime, [...released, claimed.change, ...claimed.released]);
  return toAppointmentView(await loadAppointmentFor(db, user, claimed.id), user);
}

/** Ends the patient's own online holds (not waitlist offers, which they accept or let lapse). */
async function releaseOwnHolds(db: Db, patientId: string, timeZone: string): Promise<AvailabilityChange[]> {
  const holds = await db.appointment.findMany({
    where: { patientId, status: "HELD", waitlistOffer: null },
    select: { id: true, clinicianId: true, startsAt: true, clinician: { select: { departmentId: true } } },
  });
  if (holds.length === 0) return [];
  await db.appointment.updateMany({
    where: { id: { in: holds.map((h) => h.id) }, status: "HELD" },
    data: { status: "CANCELLED", cancelledBy: "PATIENT", cancelledAt: new Date(), cancelReason: "Hold released", holdExpiresAt: null },
  });
  return holds.map((h) => ({ clinicianId: h.clinicianId, departmentId: h.clinician.departmentId, date: localDateOf(h.startsAt.getTime(), timeZone), reason: "released" }));
}
