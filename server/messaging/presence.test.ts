import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { uniqueRedisPrefix } from "../../tests/helpers/test-db.ts";
import { findMentions } from "./mentions.ts";
import { createMemoryPresenceStore, createRedisPresenceStore, type PresenceStore } from "./presence.ts";

const statusOf = (change: { status: string } | null) => change?.status ?? null;

describe.each([
  ["in memory", () => ({ a: createMemoryPresenceStore(), b: null as PresenceStore | null })],
  ["in Redis", () => ({ a: createRedisPresenceStore(redis, { keyPrefix: prefix, ttlMs: 60_000 }), b: createRedisPresenceStore(redis, { keyPrefix: prefix, ttlMs: 60_000 }) })],
])("presence %s", (_label, make) => {
  it("is online with any active connection, away when all are away, offline with none", async () => {
    const { a, b } = make();
    const other = b ?? a;
    const user = crypto.randomUUID();
    expect(statusOf(await a.set(user, "c1", "online"))).toBe("online");
    expect(await other.set(user, "c2", "away")).toBeNull();
    expect(await a.remove(user, "c1")).toMatchObject({ userId: user, status: "away" });
    expect(statusOf(await other.set(user, "c2", "online"))).toBe("online");
    expect(statusOf(await other.remove(user, "c2"))).toBe("offline");
    const { statuses, lastSeen } = await a.snapshot();
    expect(statuses.has(user)).toBe(false);
    expect(lastSeen.get(user)).toBeDefined();
  });
});

let redis: Redis;
let prefix: string;
beforeAll(() => {
  redis = new Redis(inject("redisUrl"));
  prefix = uniqueRedisPrefix("presence");
});
afterAll(() => {
  redis.disconnect();
});

describe("presence across instances in Redis", () => {
  it("takes a silent instance's users offline, reported by exactly one survivor", async () => {
    const keyPrefix = uniqueRedisPrefix("presence-dead");
    const ttlMs = 300;
    const [a, b, dead] = [0, 1, 2].map(() => createRedisPresenceStore(redis, { keyPrefix, ttlMs }));
    const onlyOnDead = crypto.randomUUID();
    const onBoth = crypto.randomUUID();
    await dead!.set(onlyOnDead, "d1", "online");
    await dead!.set(onBoth, "d2", "online");
    await a!.set(onBoth, "a1", "online");
    await new Promise((r) => setTimeout(r, ttlMs + 100)); // "dead" beats no more
    const [fromA, fromB] = await Promise.all([a!.heartbeat(), b!.heartbeat()]);
    const changes = [...fromA, ...fromB];
    expect(changes.map((c) => [c.userId, c.status])).toEqual([[onlyOnDead, "offline"]]);
    const { statuses } = await a!.snapshot();
    expect(statuses.get(onBoth)).toBe("online");
    expect(statuses.has(onlyOnDead)).toBe(false);
  });

  it("puts an instance's own connections back when Redis lost them", async () => {
    const keyPrefix = uniqueRedisPrefix("presence-lost");
    const a = createRedisPresenceStore(redis, { keyPrefix, ttlMs: 60_000 });
    const user = crypto.randomUUID();
    await a.set(user, "c1", "away");
    const keys = await redis.keys(`${keyPrefix}presence:*`);
    await redis.del(...keys);
    expect((await a.heartbeat()).map((c) => [c.userId, c.status])).toEqual([[user, "away"]]);
    expect((await a.snapshot()).statuses.get(user)).toBe("away");
    expect((await a.shutdown()).map((c) => c.status)).toEqual(["offline"]);
  });
});

describe("mentions", () => {
  const members = [
    { id: "1", displayName: "Ana Ruiz" },
    { id: "2", displayName: "Ana Ruizova" },
    { id: "3", displayName: "Bo" },
  ];
  it.each([
    ["@Ana Ruiz, room 2", ["1"]],
    ["@ana ruizova please", ["2"]],
    ["@Ana Ruiz and @Ana Ruizova", ["1", "2"]],
    ["@Bob is not @Bo", ["3"]],
    ["email ana@ruiz.example", []],
    ["no mention", []],
  ])("%s", (body, ids) => {
    expect(findMentions(body, members).sort()).toEqual(ids);
  });
});
