import type { z } from "zod";
import { isAppError, toAppError, validationError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { AckResponse, ClinicflowSocket } from "./contract.ts";

/**
 * Wraps one socket event: validates the payload with zod (unknown keys stripped), runs the
 * handler, and answers the ack with `{ data }` or a known error. Raw exceptions never reach
 * the client; they are logged with the event name.
 */
export function handleEvent<S extends z.ZodType, R>(
  socket: ClinicflowSocket,
  logger: Logger,
  event: string,
  schema: S,
  run: (payload: z.infer<S>) => Promise<R> | R,
): void {
  socket.on(event as never, (async (raw: unknown, maybeAck: unknown) => {
    const ack = typeof maybeAck === "function" ? (maybeAck as (r: AckResponse<R>) => void) : typeof raw === "function" ? (raw as (r: AckResponse<R>) => void) : null;
    const payload = typeof raw === "function" ? {} : raw;
    let response: AckResponse<R>;
    try {
      const parsed = schema.safeParse(payload ?? {});
      if (!parsed.success) throw validationError(parsed.error);
      response = { data: await run(parsed.data) };
    } catch (error) {
      if (!isAppError(error)) logger.error({ err: error, event, userId: socket.data.user.id }, "socket event failed");
      response = toAppError(error).toBody();
    }
    ack?.(response);
  }) as never);
}
