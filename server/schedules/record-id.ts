import { AppError } from "../errors.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "No such clinician." — with the field named when the id came in a body. */
export function notFound(what: string, field?: string): AppError {
  return new AppError("NOT_FOUND", `No such ${what}.`, field ? [{ field, problem: `is not a known ${what}` }] : undefined);
}

export function isRecordId(id: string): boolean {
  return UUID.test(id);
}

/** Ids arrive in paths and bodies; one that cannot name a row is as unknown as a missing one. */
export function assertRecordId(id: string, what: string, field?: string): void {
  if (!isRecordId(id)) throw notFound(what, field);
}
