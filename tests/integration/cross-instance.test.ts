import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startAppProcess, type AppProcess } from "../helpers/app-process.ts";
import { createUser, type TestUser } from "../helpers/factories.ts";
import { connectClient, nextEvent, type TestClient } from "../helpers/gateway.ts";
import { signInOverHttp } from "../helpers/session.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";

/**
 * Two real instances on two ports, one PostgreSQL, one Redis: what a route handler on one
 * emits reaches sockets on both, through the globalThis runtime and the Redis adapter.
 */
let t: TestDatabase;
let a: AppProcess;
let b: AppProcess;
let reception: TestUser;
let clinician: TestUser;
const sockets: TestClient[] = [];
const METRICS_TOKEN = "metrics-token-for-tests-0123456789";

beforeAll(async () => {
  t = await createTestDatabase("cross");
  reception = await createUser(t.db, "RECEPTIONIST");
  clinician = await createUser(t.db, "CLINICIAN");
  const shared = { databaseUrl: t.url, redisUrl: inject("redisUrl"), redisKeyPrefix: uniqueRedisPrefix("cross"), env: { METRICS_TOKEN } };
  [a, b] = await Promise.all([startAppProcess(shared), startAppProcess(shared)]);
}, 90_000);

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all([a?.stop(), b?.stop()]);
  await t?.drop();
});

describe("two instances sharing Redis", () => {
  it("a route handler's emit on instance A reaches sockets on A and on B", async () => {
    // Sessions are signed with the shared AUTH_SECRET: a cookie from A is valid on B.
    const receptionCookie = (await signInOverHttp(a.url, reception.email, reception.password)).cookie;
    const clinicianCookie = (await signInOverHttp(a.url, clinician.email, clinician.password)).cookie;
    expect(receptionCookie && clinicianCookie).toBeTruthy();

    const onB = await connectClient(b.url, clinicianCookie!);
    const onA = await connectClient(a.url, receptionCookie!);
    sockets.push(onA, onB);
    const gotOnB = nextEvent(onB, "announcement:new");
    const gotOnA = nextEvent(onA, "announcement:new");

    const res = await fetch(`${a.url}/api/announcements`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: receptionCookie! },
      body: JSON.stringify({ body: "Flu vaccines have arrived" }),
    });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { announcement: { id: string } } };

    const [fromB, fromA] = await Promise.all([gotOnB, gotOnA]);
    expect(fromB).toMatchObject({ id: data.announcement.id, body: "Flu vaccines have arrived", author: { id: reception.id } });
    expect(fromA.id).toBe(data.announcement.id);
  });

  it("both instances report the Redis adapter (to holders of the metrics token) and are ready", async () => {
    for (const app of [a, b]) {
      expect((await fetch(`${app.url}/api/ready`)).status).toBe(200);
      expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
      const metrics = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(await metrics.text()).toContain('clinicflow_socketio_adapter_info{adapter="redis"} 1');
    }
  });
});
