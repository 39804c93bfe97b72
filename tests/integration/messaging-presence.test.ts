import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AckResponse } from "../../server/gateway/contract.ts";
import type { PresenceChange, PresenceStatus, StaffMember } from "../../server/messaging/views.ts";
import { callApi } from "../helpers/api.ts";
import { startAppProcess, type AppProcess } from "../helpers/app-process.ts";
import { createUser, type TestUser } from "../helpers/factories.ts";
import { connectClient, type TestClient } from "../helpers/gateway.ts";
import { eventually } from "../helpers/ports.ts";
import { sessionCookieFor } from "../helpers/session.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";

/**
 * Presence across two real instances sharing PostgreSQL and Redis: a staff member is online
 * while any of their connections (on any instance) is, away when all of them are, and offline
 * with none — also when the instance holding their only connection dies without cleaning up,
 * once a surviving instance notices its heartbeat has stopped (PRESENCE_TTL_MS = 3 s here).
 */
let t: TestDatabase;
let a: AppProcess;
let b: AppProcess;
let observer: TestUser;
let observerCookie: string;
/** Everything the observer (connected to A) heard about presence, in order. */
const heard: PresenceChange[] = [];
const sockets: TestClient[] = [];

beforeAll(async () => {
  t = await createTestDatabase("msgpresence");
  observer = await createUser(t.db, "RECEPTIONIST");
  observerCookie = await sessionCookieFor(observer);
  const shared = { databaseUrl: t.url, redisUrl: inject("redisUrl"), redisKeyPrefix: uniqueRedisPrefix("msgpresence"), env: { PRESENCE_TTL_MS: "3000" } };
  [a, b] = await Promise.all([startAppProcess(shared), startAppProcess(shared)]);
  const watching = await connectClient(a.url, observerCookie);
  sockets.push(watching);
  watching.on("presence:changed", (change) => heard.push(change));
}, 90_000);

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all([a?.stop(), b?.stop()]);
  await t?.drop();
});

async function connectAs(app: AppProcess, user: TestUser): Promise<TestClient> {
  const socket = await connectClient(app.url, await sessionCookieFor(user));
  sockets.push(socket);
  return socket;
}

/** The statuses the observer heard for one user, in order. */
const heardFor = (userId: string): PresenceStatus[] => heard.filter((c) => c.userId === userId).map((c) => c.status);

/** The user's status in GET /api/staff on an instance. */
async function statusOn(app: AppProcess, userId: string): Promise<PresenceStatus | undefined> {
  const res = await callApi<{ staff: StaffMember[] }>(app.url, "GET", "/api/staff", observerCookie);
  expect(res.status).toBe(200);
  return res.json.data!.staff.find((s) => s.id === userId)?.status;
}

/** An ack as it came, error or not, within 5 s. */
async function first<T>(pending: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("no ack within 5 s")), 5_000);
  });
  return Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
}

/** The data of an ack that must succeed. */
async function dataOf<T>(pending: Promise<AckResponse<T>>): Promise<T> {
  const reply = await first(pending);
  if ("error" in reply) throw new Error(`ack failed: ${reply.error.code} ${reply.error.message}`);
  return reply.data;
}

const closed = (socket: TestClient) =>
  new Promise<void>((resolve) => {
    if (socket.disconnected) return resolve();
    socket.once("disconnect", () => resolve());
    socket.close();
  });

describe("presence across instances", () => {
  it("connected to both instances, a person stays online until their last connection closes", async () => {
    const x = await createUser(t.db, "CLINICIAN");
    expect(await statusOn(a, x.id)).toBe("offline");
    const onA = await connectAs(a, x);
    await eventually(() => expect(heardFor(x.id)).toEqual(["online"]));
    const onB = await connectAs(b, x);
    // Acked after the connect's own presence update (one chain per connection): B has recorded it.
    expect(await dataOf(onB.emitWithAck("presence:set", { status: "online" }))).toEqual({ status: "online" });
    expect(await statusOn(b, x.id)).toBe("online");

    await closed(onA);
    // B still holds a connection: nobody hears that they went offline.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(heardFor(x.id)).toEqual(["online"]);
    expect(await statusOn(a, x.id)).toBe("online");

    await closed(onB);
    await eventually(() => expect(heardFor(x.id)).toEqual(["online", "offline"]));
    expect(await statusOn(a, x.id)).toBe("offline");
    expect(await statusOn(b, x.id)).toBe("offline");
  });

  it("away on their only connection is away for everyone; a second connection that is active makes them online again", async () => {
    const x = await createUser(t.db, "ADMIN");
    const first = await connectAs(a, x);
    await eventually(() => expect(heardFor(x.id)).toEqual(["online"]));

    expect(await dataOf(first.emitWithAck("presence:set", { status: "away" }))).toEqual({ status: "away" });
    await eventually(() => expect(heardFor(x.id)).toEqual(["online", "away"]));
    expect(await statusOn(a, x.id)).toBe("away");
    expect(await statusOn(b, x.id)).toBe("away");

    const second = await connectAs(b, x);
    await eventually(() => expect(heardFor(x.id)).toEqual(["online", "away", "online"]));
    expect(await statusOn(a, x.id)).toBe("online");

    // With the active connection gone, the one left is still away.
    await closed(second);
    await eventually(() => expect(heardFor(x.id)).toEqual(["online", "away", "online", "away"]));
    expect(await statusOn(a, x.id)).toBe("away");

    expect(await dataOf(first.emitWithAck("presence:set", { status: "online" }))).toEqual({ status: "online" });
    await eventually(() => expect(heardFor(x.id)).toEqual(["online", "away", "online", "away", "online"]));
    await closed(first);
    await eventually(() => expect(heardFor(x.id).at(-1)).toBe("offline"));
  });

  it("a status other than online or away is refused naming status, and changes nothing", async () => {
    const x = await createUser(t.db, "CLINICIAN");
    const socket = await connectAs(a, x);
    await eventually(() => expect(heardFor(x.id)).toEqual(["online"]));
    const reply = await first(socket.emitWithAck("presence:set", { status: "offline" as "away" }));
    expect(reply).toMatchObject({ error: { code: "VALIDATION_FAILED", details: [{ field: "status" }] } });
    expect(await statusOn(a, x.id)).toBe("online");
    await closed(socket);
    await eventually(() => expect(heardFor(x.id)).toEqual(["online", "offline"]));
  });

  // Last: it kills instance B.
  it("when the instance holding someone's only connection is killed, the other instance reports them offline", async () => {
    const x = await createUser(t.db, "CLINICIAN");
    const onB = await connectAs(b, x);
    await eventually(() => expect(heardFor(x.id)).toEqual(["online"]));
    expect(await statusOn(a, x.id)).toBe("online");

    // No graceful shutdown: B's connections stay recorded in Redis until A notices B is gone.
    const lost = new Promise<void>((resolve) => onB.once("disconnect", () => resolve()));
    expect(await b.stop("SIGKILL")).toBeNull();
    expect(b.child.signalCode).toBe("SIGKILL");
    await lost;

    await eventually(() => expect(heardFor(x.id)).toEqual(["online", "offline"]), 10_000);
    expect(heard.filter((c) => c.userId === x.id).at(-1)?.lastSeenAt).toEqual(expect.any(String));
    expect(await statusOn(a, x.id)).toBe("offline");
  }, 30_000);
});
