import type { Redis } from "ioredis";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { buildLimiter, consumeAttempt } from "./rate-limit.ts";

/** Counts failed sign-ins per account (email) and per client IP (see rate-limit.ts). */
export interface SignInLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
}

export type SignInVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SignInLimiter {
  check(email: string, ip: string): Promise<SignInVerdict>;
  recordFailure(email: string, ip: string): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

export function createSignInLimiter(limits: SignInLimits, redis: Redis | null, prefix: string): SignInLimiter {
  const perAccount = buildLimiter(limits.maxFailuresPerAccount, limits.windowSeconds, `${prefix}signin-fail-account`, redis);
  const perIp = buildLimiter(limits.maxFailuresPerIp, limits.windowSeconds, `${prefix}signin-fail-ip`, redis);

  async function remaining(limiter: RateLimiterAbstract, key: string, max: number): Promise<number> {
    const res = await limiter.get(key).catch(() => null);
    if (res && res.consumedPoints >= max) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return 0;
  }

  return {
    async check(email, ip) {
      const [accountWait, ipWait] = await Promise.all([
        remaining(perAccount, email, limits.maxFailuresPerAccount),
        remaining(perIp, ip, limits.maxFailuresPerIp),
      ]);
      const wait = Math.max(accountWait, ipWait);
      return wait > 0 ? { allowed: false, retryAfterSeconds: wait } : { allowed: true };
    },
    async recordFailure(email, ip) {
      await Promise.all([consumeAttempt(perAccount, email), consumeAttempt(perIp, ip)]);
    },
    async recordSuccess(email) {
      await perAccount.delete(email).catch(() => undefined);
    },
  };
}
