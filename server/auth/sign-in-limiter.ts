import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/**
 * Counts failed sign-ins per account (email) and per client IP. Kept in Redis when it is
 * configured, so every instance sees the same counts; in memory otherwise. When Redis is
 * unreachable the in-memory "insurance" limiter keeps protecting this instance.
 */
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

function build(points: number, duration: number, keyPrefix: string, redis: Redis | null): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration, keyPrefix });
  if (!redis) return memory;
  return new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, insuranceLimiter: memory });
}

export function createSignInLimiter(limits: SignInLimits, redis: Redis | null, prefix: string): SignInLimiter {
  const perAccount = build(limits.maxFailuresPerAccount, limits.windowSeconds, `${prefix}signin-fail-account`, redis);
  const perIp = build(limits.maxFailuresPerIp, limits.windowSeconds, `${prefix}signin-fail-ip`, redis);

  async function remaining(limiter: RateLimiterAbstract, key: string, max: number): Promise<number> {
    const res = await limiter.get(key).catch(() => null);
    if (res && res.consumedPoints >= max) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return 0;
  }

  async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (e) {
      // Going over the limit rejects with a RateLimiterRes: that is the point, not an error.
      if (!(e instanceof RateLimiterRes)) throw e;
    }
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
      await Promise.all([consume(perAccount, email), consume(perIp, ip)]);
    },
    async recordSuccess(email) {
      await perAccount.delete(email).catch(() => undefined);
    },
  };
}
