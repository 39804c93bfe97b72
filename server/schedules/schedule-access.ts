import { AppError } from "../errors.ts";
import { isStaff, type SessionUser } from "../roles.ts";

/**
 * Who may do what with schedules. Admins and reception run the schedules; clinicians may
 * look, but only at their own availability and time off; patients see none of it.
 */
export function canEditSchedules(user: SessionUser): boolean {
  return user.role === "ADMIN" || user.role === "RECEPTIONIST";
}

export function assertCanReadSchedules(user: SessionUser): void {
  if (!isStaff(user.role)) throw new AppError("FORBIDDEN", "Only staff can see schedules.");
}

export function assertCanEditSchedules(user: SessionUser): void {
  if (!canEditSchedules(user)) throw new AppError("FORBIDDEN", "Only admins and reception can change schedules.");
}

/** The booking policy is clinic-wide and changes what patients may do: admins only. */
export function canEditBookingPolicy(user: SessionUser): boolean {
  return user.role === "ADMIN";
}

export function assertCanEditBookingPolicy(user: SessionUser): void {
  if (!canEditBookingPolicy(user)) throw new AppError("FORBIDDEN", "Only admins can change the booking policy.");
}

/** A clinician's availability and time off: editors see everyone's, a clinician only their own. */
export function assertCanReadClinicianSchedule(user: SessionUser, clinician: { userId: string }): void {
  assertCanReadSchedules(user);
  if (!canEditSchedules(user) && clinician.userId !== user.id) {
    throw new AppError("FORBIDDEN", "Clinicians can only see their own availability and time off.");
  }
}
