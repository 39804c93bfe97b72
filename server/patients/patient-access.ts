import { AppError } from "../errors.ts";
import { isStaff, type Role, type SessionUser } from "../roles.ts";

/** Who may create records and change any field; clinicians may change notes only. */
export const RECORD_EDITORS = ["ADMIN", "RECEPTIONIST"] as const satisfies readonly Role[];

export function requireStaff(user: SessionUser): void {
  if (!isStaff(user.role)) throw new AppError("FORBIDDEN", "Only clinic staff can work with patient records.");
}

export function isRecordEditor(role: Role): boolean {
  return (RECORD_EDITORS as readonly Role[]).includes(role);
}

export function requireRecordEditor(user: SessionUser): void {
  if (!isRecordEditor(user.role)) {
    throw new AppError("FORBIDDEN", "Only admins and reception can create patient records.");
  }
}

/** An id in a path that is malformed or names a record the caller may not see: the same 404 either way. */
export function patientNotFound(): AppError {
  return new AppError("NOT_FOUND", "No such patient record.");
}
