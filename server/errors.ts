import type { ZodError } from "zod";
import { isDatabaseUnavailable } from "./db/unavailable.ts";

/**
 * The one error type services throw. Its code decides the HTTP status (httpStatusFor)
 * and is what Socket.IO acks carry; the message is safe to show to the caller.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** The slot was taken (or held) by someone else a moment ago; details carry fresh alternatives. */
  SLOT_TAKEN: 409,
  /** Too close to the start for the patient to cancel or reschedule; reception may override. */
  CHANGE_WINDOW_CLOSED: 409,
  /** The hold (or waitlist offer) lapsed or ended before it was confirmed. */
  HOLD_EXPIRED: 409,
  /** A ticket cannot make that move from its current state (done → waiting…). */
  INVALID_TRANSITION: 409,
  /** "Call next" on a queue with nobody waiting. */
  QUEUE_EMPTY: 409,
  /** Patient self check-in outside the window around the appointment. */
  CHECK_IN_CLOSED: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldProblem {
  field: string;
  problem: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: FieldProblem[] | Record<string, unknown> };
}

/**
 * Next.js bundles route handlers with their own copy of the server modules, while objects in
 * the runtime registry (server/runtime.ts) come from the custom server's copy. An AppError
 * thrown by one copy is not `instanceof` the other copy's class, so AppErrors carry a
 * process-wide brand and are recognised with isAppError().
 */
const APP_ERROR_BRAND = Symbol.for("clinicflow.AppError");

export function isAppError(error: unknown): error is AppError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[APP_ERROR_BRAND] === true;
}

export class AppError extends Error {
  readonly [APP_ERROR_BRAND] = true;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldProblem[] | Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const DATABASE_UNAVAILABLE_MESSAGE = "The database is not available right now. Please try again in a moment.";

export function httpStatusFor(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

export function fieldProblems(error: ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join(".") : "(body)",
    problem: issue.message,
  }));
}

export function validationError(error: ZodError): AppError {
  const problems = fieldProblems(error);
  const first = problems[0];
  const summary = first ? `${first.field}: ${first.problem}` : "invalid input";
  return new AppError("VALIDATION_FAILED", `Invalid input (${summary})`, problems);
}

/**
 * Anything that is not an AppError becomes a generic internal error: no stack traces leave the
 * server. PostgreSQL being unreachable is not a bug: it becomes 503 UNAVAILABLE, so HTTP callers
 * and socket acks alike learn to try again shortly (see server/db/unavailable.ts).
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isAppError(error)) {
    const foreign: AppError = error;
    return new AppError(foreign.code, foreign.message, foreign.details);
  }
  if (isDatabaseUnavailable(error)) return new AppError("UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE);
  return new AppError("INTERNAL", "Something went wrong on our side. Please try again.");
}

/** True when a PostgreSQL error code appears anywhere in the error Prisma or the pg driver raised. */
export function hasPostgresCode(error: unknown, code: string, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as Record<string, unknown>;
  if (e.code === code) return true;
  return ["meta", "cause", "driverAdapterError", "originalError"].some((k) => hasPostgresCode(e[k], code, depth + 1));
}

/** An exclusion constraint refused the row: for appointments, the time is already taken. */
export function isExclusionViolation(error: unknown): boolean {
  return hasPostgresCode(error, "23P01");
}

/**
 * PostgreSQL broke a deadlock (40P01) or a serialization conflict (40001) by aborting this
 * transaction; Prisma reports it as P2034 with the code in `cause.originalCode`. Two requests
 * inserting overlapping appointments at the same moment can deadlock on the exclusion
 * constraint: one of them goes through, the other lands here.
 */
export function isTransactionConflict(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | null;
  const original = e?.meta?.driverAdapterError?.cause?.originalCode;
  return e?.code === "P2034" || original === "40P01" || original === "40001" || hasPostgresCode(error, "40P01");
}

/** Prisma surfaces driver errors as P2010 with the PostgreSQL code underneath; P2002 is a unique violation. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { code?: string } } } } | null;
  return e?.code === "P2002" || e?.meta?.driverAdapterError?.cause?.code === "23505";
}
