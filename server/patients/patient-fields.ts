import { z } from "zod";

/** Field rules shared by every way a patient record is written (registration, reception, the patient). */
const text = () => z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") });

export const isoDate = text()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), "is not a real date");

export const dateOfBirth = isoDate
  .refine((v) => v >= "1900-01-01", "must be 1900-01-01 or later")
  .refine((v) => new Date(`${v}T00:00:00Z`).getTime() <= Date.now(), "cannot be in the future");

export const personName = text().trim().min(1, "is required").max(100, "must be at most 100 characters");

export const phone = text()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, "must be a phone number");

export const email = text().trim().toLowerCase().email("must be an email address").max(254, "must be at most 254 characters");

/** Free-text staff notes; blank means none. */
export const notes = text()
  .trim()
  .max(2000, "must be at most 2000 characters")
  .transform((v) => (v === "" ? null : v));

/** A `date` column as YYYY-MM-DD (dates are stored at UTC midnight). */
export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function fromIsoDate(value: string): Date {
  return new Date(`${value}T00:00:00Z`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
