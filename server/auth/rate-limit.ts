import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/**
 * A counter of attempts per key over a window: in Redis when configured (every instance sees
 * the same counts), in memory otherwise. When Redis is unreachable the in-memory "insurance"
 * limiter keeps protecting this instance.
 */
export function buildLimiter(points: number, durationSeconds: number, keyPrefix: string, redis: Redis | null): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration: durationSeconds, keyPrefix });
  if (!redis) return memory;
  // rejectIfRedisNotReady: without it, a count during a Redis outage waits in ioredis's
  // offline queue until ioredis gives up (10 s and more), holding up every message send and
  // sign-in; with it, the insurance limiter answers at once (tests/drills/redis-outage.test.ts).
  return new RateLimiterRedis({ storeClient: redis, points, duration: durationSeconds, keyPrefix, insuranceLimiter: memory, rejectIfRedisNotReady: true });
}

/** Counts one attempt; resolves to the seconds to wait when the limit is exceeded, or 0. */
export async function consumeAttempt(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (e) {
    // Going over the limit rejects with a RateLimiterRes: that is the point, not an error.
    if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw e;
  }
}
