import type { Redis } from "ioredis";
import { AppError } from "../errors.ts";
import { buildLimiter, consumeAttempt } from "./rate-limit.ts";

/**
 * Self-registration is public and hashes a password: attempts are limited per client IP so
 * the endpoint cannot be used to flood the clinic with accounts or load the server.
 */
export interface RegistrationLimiter {
  /** Counts one attempt from `ip`; throws RATE_LIMITED once the hourly allowance is used. */
  admit(ip: string): Promise<void>;
}

export function createRegistrationLimiter(perIpPerHour: number, redis: Redis | null, prefix: string): RegistrationLimiter {
  const limiter = buildLimiter(perIpPerHour, 60 * 60, `${prefix}registrations-ip`, redis);
  return {
    async admit(ip) {
      const wait = await consumeAttempt(limiter, ip);
      if (wait > 0) {
        const minutes = Math.ceil(wait / 60);
        throw new AppError("RATE_LIMITED", `Too many registrations from your network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, { retryAfterSeconds: wait });
      }
    },
  };
}
