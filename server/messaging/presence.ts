import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { PresenceChange, PresenceStatus } from "./views.ts";

/**
 * Who is online, across every instance. Each connection that counts (a staff member's
 * navigation in a browser tab) is recorded with its status; a person is "online" if any of
 * their connections is, "away" if all are away, "offline" with none. A change of that
 * aggregate is returned so the caller can tell everyone.
 *
 * With Redis, connections are recorded per instance; every instance beats a heartbeat, and
 * the first survivor to notice a silent instance (e.g. killed) removes its connections and
 * reports who went offline. Without Redis (one instance) it all lives in memory.
 */
export interface PresenceStore {
  readonly instanceId: string;
  set(userId: string, connectionId: string, status: Exclude<PresenceStatus, "offline">): Promise<PresenceChange | null>;
  remove(userId: string, connectionId: string): Promise<PresenceChange | null>;
  /** Everyone not offline, and when each person was last seen. */
  snapshot(): Promise<{ statuses: Map<string, PresenceStatus>; lastSeen: Map<string, string> }>;
  /** Keeps this instance alive and reaps dead ones; returns the changes that caused. */
  heartbeat(): Promise<PresenceChange[]>;
  /** This instance stops: its connections are removed at once rather than when its heartbeat lapses. */
  shutdown(): Promise<PresenceChange[]>;
}

function aggregate(statuses: Iterable<string>): PresenceStatus {
  let result: PresenceStatus = "offline";
  for (const s of statuses) {
    if (s === "online") return "online";
    if (s === "away") result = "away";
  }
  return result;
}

export function createMemoryPresenceStore(): PresenceStore {
  const byUser = new Map<string, Map<string, string>>();
  const lastSeen = new Map<string, string>();
  const published = new Map<string, PresenceStatus>();

  function after(userId: string): PresenceChange | null {
    const now = new Date().toISOString();
    lastSeen.set(userId, now);
    const status = aggregate(byUser.get(userId)?.values() ?? []);
    if ((published.get(userId) ?? "offline") === status) return null;
    if (status === "offline") published.delete(userId);
    else published.set(userId, status);
    return { userId, status, lastSeenAt: now };
  }

  return {
    instanceId: "memory",
    async set(userId, connectionId, status) {
      const conns = byUser.get(userId) ?? new Map<string, string>();
      conns.set(connectionId, status);
      byUser.set(userId, conns);
      return after(userId);
    },
    async remove(userId, connectionId) {
      const conns = byUser.get(userId);
      conns?.delete(connectionId);
      if (conns?.size === 0) byUser.delete(userId);
      return after(userId);
    },
    async snapshot() {
      return { statuses: new Map(published), lastSeen: new Map(lastSeen) };
    },
    async heartbeat() {
      return [];
    },
    async shutdown() {
      const changes: PresenceChange[] = [];
      for (const [userId, conns] of [...byUser]) {
        for (const connectionId of [...conns.keys()]) {
          const change = await this.remove(userId, connectionId);
          if (change) changes.push(change);
        }
      }
      return changes;
    },
  };
}

/**
 * KEYS: user hash (connection → status), status hash (user → aggregate), instance hash
 * (connection → user), last-seen hash. ARGV: userId, "<instance>|<connection>", status or ""
 * to remove, connection id, now (ISO). Returns the new aggregate if it changed, else "".
 */
const SET_CONNECTION = `
if ARGV[3] == "" then
  redis.call("HDEL", KEYS[1], ARGV[2])
  redis.call("HDEL", KEYS[3], ARGV[4])
else
  redis.call("HSET", KEYS[1], ARGV[2], ARGV[3])
  redis.call("HSET", KEYS[3], ARGV[4], ARGV[1])
end
redis.call("HSET", KEYS[4], ARGV[1], ARGV[5])
local agg = "offline"
for _, v in ipairs(redis.call("HVALS", KEYS[1])) do
  if v == "online" then agg = "online" break end
  if v == "away" then agg = "away" end
end
local prev = redis.call("HGET", KEYS[2], ARGV[1])
if not prev then prev = "offline" end
if agg == "offline" then redis.call("HDEL", KEYS[2], ARGV[1]) else redis.call("HSET", KEYS[2], ARGV[1], agg) end
if prev == agg then return "" end
return agg
`;

export interface RedisPresenceOptions {
  keyPrefix: string;
  /** An instance silent for this long is considered dead and its connections are removed. */
  ttlMs: number;
}

export function createRedisPresenceStore(redis: Redis, options: RedisPresenceOptions): PresenceStore {
  const instanceId = randomUUID();
  const p = `${options.keyPrefix}presence:`;
  const keys = {
    instances: `${p}instances`,
    instance: (id: string) => `${p}instance:${id}`,
    user: (userId: string) => `${p}user:${userId}`,
    status: `${p}status`,
    lastSeen: `${p}last-seen`,
  };
  /** This instance's own connections, to re-assert them if Redis lost them (restart, or we were reaped while stalled). */
  const local = new Map<string, { userId: string; status: string }>();

  async function apply(instance: string, userId: string, connectionId: string, status: string): Promise<PresenceChange | null> {
    const now = new Date().toISOString();
    const result = (await redis.eval(SET_CONNECTION, 4, keys.user(userId), keys.status, keys.instance(instance), keys.lastSeen, userId, `${instance}|${connectionId}`, status, connectionId, now)) as string;
    return result ? { userId, status: result as PresenceStatus, lastSeenAt: now } : null;
  }

  async function beat(): Promise<void> {
    await redis.zadd(keys.instances, Date.now(), instanceId);
  }

  return {
    instanceId,
    async set(userId, connectionId, status) {
      local.set(connectionId, { userId, status });
      if (local.size === 1) await beat();
      return apply(instanceId, userId, connectionId, status);
    },
    async remove(userId, connectionId) {
      local.delete(connectionId);
      return apply(instanceId, userId, connectionId, "");
    },
    async snapshot() {
      const [statuses, lastSeen] = await Promise.all([redis.hgetall(keys.status), redis.hgetall(keys.lastSeen)]);
      return { statuses: new Map(Object.entries(statuses) as [string, PresenceStatus][]), lastSeen: new Map(Object.entries(lastSeen)) };
    },
    async heartbeat() {
      await beat();
      const changes: PresenceChange[] = [];
      // Lost our own entries (Redis restarted, or others took us for dead): put them back.
      if (local.size > 0 && (await redis.exists(keys.instance(instanceId))) === 0) {
        for (const [connectionId, { userId, status }] of local) {
          const change = await apply(instanceId, userId, connectionId, status);
          if (change) changes.push(change);
        }
      }
      const dead = await redis.zrangebyscore(keys.instances, "-inf", Date.now() - options.ttlMs);
      for (const instance of dead) {
        if (instance === instanceId) continue;
        // Exactly one survivor wins the ZREM and cleans up.
        if ((await redis.zrem(keys.instances, instance)) !== 1) continue;
        const connections = await redis.hgetall(keys.instance(instance));
        for (const [connectionId, userId] of Object.entries(connections)) {
          const change = await apply(instance, userId, connectionId, "");
          if (change) changes.push(change);
        }
        await redis.del(keys.instance(instance));
      }
      return changes;
    },
    async shutdown() {
      const changes: PresenceChange[] = [];
      for (const [connectionId, { userId }] of [...local]) {
        local.delete(connectionId);
        const change = await apply(instanceId, userId, connectionId, "");
        if (change) changes.push(change);
      }
      await redis.zrem(keys.instances, instanceId);
      await redis.del(keys.instance(instanceId));
      return changes;
    },
  };
}
