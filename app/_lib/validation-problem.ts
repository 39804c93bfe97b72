import { isAppError } from "@/server/errors";

/**
 * For pages driven by query parameters: a VALIDATION_FAILED from the service becomes a
 * message to show beside the form, anything else still reaches the error page.
 */
export async function orValidationProblem<T>(load: () => Promise<T>): Promise<{ value: T; problem: null } | { value: null; problem: string }> {
  try {
    return { value: await load(), problem: null };
  } catch (error) {
    if (!isAppError(error) || error.code !== "VALIDATION_FAILED") throw error;
    return { value: null, problem: error.message };
  }
}
