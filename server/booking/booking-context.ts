import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";

/**
 * What every booking operation needs to know about an appointment type: its department,
 * the location's time zone and booking policy, and the clinicians who offer it (the
 * department's clinicians).
 */
export interface BookingContext {
  appointmentType: { id: string; name: string; durationMinutes: number; bookableOnline: boolean; archived: boolean };
  department: { id: string; name: string };
  location: {
    id: string;
    timeZone: string;
    minNoticeMinutes: number;
    bookingHorizonDays: number;
    cancellationWindowMinutes: number;
    holdMinutes: number;
    waitlistOfferMinutes: number;
    slotStepMinutes: number;
  };
  clinicians: { id: string; displayName: string; room: string; bufferMinutes: number }[];
}

export async function loadBookingContext(db: Db, appointmentTypeId: string): Promise<BookingContext> {
  const type = await db.appointmentType.findUnique({
    where: { id: appointmentTypeId },
    select: {
      id: true,
      name: true,
      durationMinutes: true,
      bookableOnline: true,
      archivedAt: true,
      department: {
        select: {
          id: true,
          name: true,
          location: {
            select: { id: true, timeZone: true, minNoticeMinutes: true, bookingHorizonDays: true, cancellationWindowMinutes: true, holdMinutes: true, waitlistOfferMinutes: true, slotStepMinutes: true },
          },
          clinicians: { select: { id: true, room: true, bufferMinutes: true, user: { select: { displayName: true, disabledAt: true } } }, orderBy: { user: { displayName: "asc" } } },
        },
      },
    },
  });
  if (!type) throw new AppError("NOT_FOUND", "No such appointment type.", [{ field: "appointmentTypeId", problem: "does not exist" }]);
  const { department } = type;
  return {
    appointmentType: { id: type.id, name: type.name, durationMinutes: type.durationMinutes, bookableOnline: type.bookableOnline, archived: type.archivedAt !== null },
    department: { id: department.id, name: department.name },
    location: department.location,
    clinicians: department.clinicians
      .filter((c) => c.user.disabledAt === null)
      .map((c) => ({ id: c.id, displayName: c.user.displayName, room: c.room, bufferMinutes: c.bufferMinutes })),
  };
}

/** The clinician, who must offer the type (belong to its department). */
export function clinicianIn(context: BookingContext, clinicianId: string, field = "clinicianId"): BookingContext["clinicians"][number] {
  const clinician = context.clinicians.find((c) => c.id === clinicianId);
  if (!clinician) {
    throw new AppError("VALIDATION_FAILED", `This clinician does not offer ${context.appointmentType.name}.`, [{ field, problem: "does not offer this appointment type" }]);
  }
  return clinician;
}

export type Audience = "patient" | "staff";

/** Patients book online types only; nobody books an archived type. */
export function assertBookable(context: BookingContext, audience: Audience): void {
  if (context.appointmentType.archived) {
    throw new AppError("VALIDATION_FAILED", "This appointment type can no longer be booked.", [{ field: "appointmentTypeId", problem: "is archived" }]);
  }
  if (audience === "patient" && !context.appointmentType.bookableOnline) {
    throw new AppError("VALIDATION_FAILED", "This appointment type cannot be booked online. Please call reception.", [{ field: "appointmentTypeId", problem: "is not bookable online" }]);
  }
}
