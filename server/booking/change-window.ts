import { AppError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import type { AppointmentRow } from "./appointment-view.ts";

const MINUTE = 60_000;

/**
 * Patients may not cancel or reschedule within the location's window before the start.
 * Staff may, but only when they say so (`override: true`), so it is never by accident.
 */
export function assertChangeAllowed(row: AppointmentRow, user: SessionUser, override: boolean, now: number): void {
  if (row.startsAt.getTime() <= now) {
    throw new AppError("CONFLICT", "This appointment has already started or is over.");
  }
  const windowMinutes = row.clinician.department.location.cancellationWindowMinutes;
  const closesAt = row.startsAt.getTime() - windowMinutes * MINUTE;
  if (now < closesAt) return;
  const hours = Math.round((windowMinutes / 60) * 10) / 10;
  if (user.role === "PATIENT") {
    throw new AppError("CHANGE_WINDOW_CLOSED", `Appointments can be changed online until ${hours} hours before they start. Please call reception.`, {
      changeableUntil: new Date(closesAt).toISOString(),
    });
  }
  if (!override) {
    throw new AppError("CHANGE_WINDOW_CLOSED", `This appointment starts within ${hours} hours. Confirm the override to change it anyway.`, {
      changeableUntil: new Date(closesAt).toISOString(),
      overridable: true,
    });
  }
}
