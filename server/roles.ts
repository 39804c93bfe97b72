import { z } from "zod";

/** Mirrors the Role enum in prisma/schema.prisma; shared with the browser (no Prisma import). */
export const ROLES = ["ADMIN", "RECEPTIONIST", "CLINICIAN", "PATIENT"] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const STAFF_ROLES = ["ADMIN", "RECEPTIONIST", "CLINICIAN"] as const satisfies readonly Role[];

export function isStaff(role: Role): boolean {
  return (STAFF_ROLES as readonly Role[]).includes(role);
}

/** Where each role lands after signing in. */
export function homePathFor(role: Role): string {
  return role === "PATIENT" ? "/patient" : "/staff";
}

export interface SessionUser {
  id: string;
  role: Role;
  displayName: string;
}
