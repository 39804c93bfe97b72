import { z } from "zod";

/**
 * The browser side of a socket ack, `{ data } | { error: { code, message } }`, sent with
 * `socket.timeout(ms).emit(…)`: checked with zod like HTTP answers (api-client.ts), and a
 * missing answer (timeout, lost connection) becomes a message instead of a hang.
 */
export type AckResult<T> = { ok: true; data: T } | { ok: false; code: string; message: string; retry: boolean };

const ackError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const RETRYABLE = new Set(["TIMEOUT", "INTERNAL", "UNAVAILABLE", "UNEXPECTED"]);

export function readAck<T>(schema: z.ZodType<T>, timeoutError: unknown, response: unknown): AckResult<T> {
  const failed = (code: string, message: string): AckResult<T> => ({ ok: false, code, message, retry: RETRYABLE.has(code) });
  if (timeoutError) return failed("TIMEOUT", "The live connection did not answer. Trying again…");
  const data = z.object({ data: schema }).safeParse(response);
  if (data.success) return { ok: true, data: data.data.data };
  const error = ackError.safeParse(response);
  if (error.success) return failed(error.data.error.code, error.data.error.message);
  return failed("UNEXPECTED", "The live connection sent an unexpected answer. Trying again…");
}
