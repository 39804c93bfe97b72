import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startAppProcess, type AppProcess } from "../helpers/app-process.ts";
import { eventually } from "../helpers/ports.ts";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";

/**
 * /api/ready follows its dependencies: the app reaches PostgreSQL and Redis through proxies
 * this test can cut, so "the server goes away" is a real broken connection.
 */
let t: TestDatabase;
let app: AppProcess;
let pgProxy: TcpProxy;
let redisProxy: TcpProxy;

async function ready(): Promise<{ status: number; body: { status: string; checks: Record<string, { ok: boolean; reason?: string }> } }> {
  const res = await fetch(`${app.url}/api/ready`);
  return { status: res.status, body: (await res.json()) as never };
}

/** Polls /api/ready until it answers `status` (readiness follows reconnects with some delay). */
function untilStatus(status: number, timeoutMs: number) {
  return eventually(async () => {
    const r = await ready();
    expect(r.status).toBe(status);
    return r;
  }, timeoutMs);
}

beforeAll(async () => {
  t = await createTestDatabase("ready");
  const dbUrl = new URL(t.url);
  const redisUrl = new URL(inject("redisUrl"));
  pgProxy = await startTcpProxy(Number(dbUrl.port));
  redisProxy = await startTcpProxy(Number(redisUrl.port));
  dbUrl.port = String(pgProxy.port);
  redisUrl.port = String(redisProxy.port);
  app = await startAppProcess({ databaseUrl: dbUrl.toString(), redisUrl: redisUrl.toString(), redisKeyPrefix: uniqueRedisPrefix("ready"), env: { SEED_DEMO: "auto" } });
}, 90_000);

afterAll(async () => {
  await app?.stop();
  await pgProxy?.close();
  await redisProxy?.close();
  await t?.drop();
});

describe("/api/ready", () => {
  it("is 200 while PostgreSQL and Redis answer", async () => {
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(body).toEqual({ status: "ready", checks: { database: { ok: true }, redis: { ok: true } } });
  });

  it("stays 200 but says degraded, naming Redis, while Redis is away, and ready when it returns", async () => {
    await redisProxy.cut();
    const down = await eventually(async () => {
      const r = await ready();
      expect(r.body.status).toBe("degraded");
      return r;
    }, 15_000);
    expect(down.status).toBe(200);
    expect(down.body.checks.redis?.ok).toBe(false);
    expect(down.body.checks.redis?.reason).toBeTruthy();
    expect(down.body.checks.database?.ok).toBe(true);

    await redisProxy.restore();
    await eventually(async () => expect((await ready()).body.status).toBe("ready"), 20_000);
  });

  it("turns 503 naming the database when PostgreSQL goes away, and 200 when it returns", async () => {
    await pgProxy.cut();
    const down = await untilStatus(503, 15_000);
    expect(down.body.status).toBe("unavailable");
    expect(down.body.checks.database?.ok).toBe(false);
    expect(down.body.checks.redis?.ok).toBe(true);

    await pgProxy.restore();
    await untilStatus(200, 20_000);
  });

  it("did not seed the demo clinic (published password) into a DATABASE_URL database", async () => {
    expect(await t.db.user.count()).toBe(0);
  });

  it("stays alive (/api/health) throughout", async () => {
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  });
});
