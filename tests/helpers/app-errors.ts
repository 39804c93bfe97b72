import { isAppError } from "../../server/errors.ts";

/** The AppError a call fails with, as plain data; fails the test if it succeeds or fails otherwise. */
export async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string; details?: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error("expected the call to fail");
}
