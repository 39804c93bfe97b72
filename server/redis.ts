import { Redis } from "ioredis";
import type { Logger } from "./logger.ts";
import { withTimeout } from "./db/client.ts";

/**
 * ioredis with its defaults for retries: during a short outage commands queue and are sent
 * on reconnect instead of failing (see docs/decisions/002-database-is-the-source-of-truth.md).
 */
export function createRedis(url: string, logger: Logger, name: string): Redis {
  const redis = new Redis(url, { connectionName: `clinicflow-${name}`, lazyConnect: false });
  let wasReady = false;
  redis.on("ready", () => {
    if (wasReady) logger.info({ redis: name }, "redis connection restored");
    wasReady = true;
  });
  redis.on("error", (error) => logger.warn({ redis: name, err: error.message }, "redis connection error"));
  return redis;
}

export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<void> {
  if (redis.status !== "ready") throw new Error(`redis is ${redis.status}`);
  await withTimeout(redis.ping(), timeoutMs, "redis did not answer in time");
}
