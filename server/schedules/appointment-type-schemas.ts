import { z } from "zod";
import type { Prisma } from "../db/generated/client.ts";
import { AppError } from "../errors.ts";

export interface AppointmentTypeView {
  id: string;
  departmentId: string;
  departmentName: string;
  name: string;
  durationMinutes: number;
  bookableOnline: boolean;
  /** Archived types stay for the appointments that use them but cannot be booked. */
  archived: boolean;
  archivedAt: string | null;
}

export const MIN_DURATION_MINUTES = 5;
export const MAX_DURATION_MINUTES = 480;
const durationRange = `must be ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES} minutes`;

const name = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");
const durationMinutes = z.number().int("must be a whole number").min(MIN_DURATION_MINUTES, durationRange).max(MAX_DURATION_MINUTES, durationRange);

export const createAppointmentTypeSchema = z.object({
  departmentId: z.string({ error: "is required" }),
  name,
  durationMinutes,
  bookableOnline: z.boolean().default(true),
});

/** Only the fields sent change; `archived: true` archives, `false` brings the type back. */
export const updateAppointmentTypeSchema = z
  .object({ name: name.optional(), durationMinutes: durationMinutes.optional(), bookableOnline: z.boolean().optional(), archived: z.boolean().optional() })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "must name at least one of name, durationMinutes, bookableOnline, archived" });

export const appointmentTypeSelect = {
  id: true,
  departmentId: true,
  name: true,
  durationMinutes: true,
  bookableOnline: true,
  archivedAt: true,
  department: { select: { name: true } },
} as const;

export function toAppointmentTypeView(row: Prisma.AppointmentTypeGetPayload<{ select: typeof appointmentTypeSelect }>): AppointmentTypeView {
  const { department, archivedAt, ...rest } = row;
  return { ...rest, departmentName: department.name, archived: archivedAt !== null, archivedAt: archivedAt?.toISOString() ?? null };
}

export function appointmentTypeNameTaken(): AppError {
  return new AppError("CONFLICT", "This department already has an appointment type with that name.", [
    { field: "name", problem: "is already used by another appointment type in this department" },
  ]);
}

/**
 * Names are unique per department (a unique index); the check ignores case too, so
 * "Consultation" and "consultation" never both appear on a booking page.
 */
export async function assertAppointmentTypeNameFree(tx: Prisma.TransactionClient, departmentId: string, typeName: string, exceptId?: string): Promise<void> {
  const clash = await tx.appointmentType.findFirst({
    where: { departmentId, name: { equals: typeName, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw appointmentTypeNameTaken();
}
