import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { rooms } from "./rooms.ts";
import { createUser, createUsersForEveryRole, type TestUser } from "../../tests/helpers/factories.ts";
import { connectClient, nextEvent, receivesWithin, startTestGateway, type TestClient, type TestGateway } from "../../tests/helpers/gateway.ts";
import { sessionCookieFor, TEST_AUTH_SECRET } from "../../tests/helpers/session.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../../tests/helpers/test-db.ts";
import type { Role } from "../roles.ts";

let t: TestDatabase;
let users: Record<Role, TestUser>;
let gateway: TestGateway;
const open: TestClient[] = [];

async function clientFor(user: TestUser, url = gateway.url): Promise<TestClient> {
  const socket = await connectClient(url, await sessionCookieFor(user));
  open.push(socket);
  return socket;
}

beforeAll(async () => {
  t = await createTestDatabase("gateway");
  users = await createUsersForEveryRole(t.db);
  gateway = await startTestGateway(t.db);
});
afterAll(async () => {
  open.forEach((s) => s.close());
  await gateway.close();
  await t.drop();
});

describe("handshake", () => {
  it("refuses a connection without a session", async () => {
    await expect(connectClient(gateway.url)).rejects.toMatchObject({ data: { code: "UNAUTHENTICATED" } });
  });

  it("refuses a forged or foreign-signed session", async () => {
    const forged = await sessionCookieFor(users.ADMIN, "another-secret-another-secret-another-secret!!");
    await expect(connectClient(gateway.url, forged)).rejects.toMatchObject({ data: { code: "UNAUTHENTICATED" } });
    await expect(connectClient(gateway.url, "next-auth.session-token=garbage")).rejects.toMatchObject({ data: { code: "UNAUTHENTICATED" } });
  });

  it("refuses an expired session", async () => {
    // next-auth allows 15 s of clock skew; this one expired two minutes ago.
    const expired = await sessionCookieFor(users.ADMIN, TEST_AUTH_SECRET, -120);
    await expect(connectClient(gateway.url, expired)).rejects.toMatchObject({ data: { code: "UNAUTHENTICATED" } });
  });

  it("refuses the session of an account that has since been disabled", async () => {
    const user = await createUser(t.db, "RECEPTIONIST");
    const cookie = await sessionCookieFor(user);
    await t.db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await expect(connectClient(gateway.url, cookie)).rejects.toMatchObject({ data: { code: "UNAUTHENTICATED" } });
  });

  it("refuses a browser handshake from another site's origin", async () => {
    const cookie = await sessionCookieFor(users.ADMIN);
    await expect(connectClient(gateway.url, cookie, { origin: "https://evil.example" })).rejects.toThrow();
    const sameOrigin = await connectClient(gateway.url, cookie, { origin: gateway.url });
    open.push(sameOrigin);
    expect(sameOrigin.connected).toBe(true);
  });

  it("accepts a valid session and knows the user and role", async () => {
    const socket = await clientFor(users.CLINICIAN);
    const reply = await socket.emitWithAck("session:whoami", {});
    expect(reply).toEqual({ data: { id: users.CLINICIAN.id, role: "CLINICIAN", displayName: users.CLINICIAN.displayName } });
  });
});

describe("rooms", () => {
  it("puts a socket in its user and role rooms, and staff in the staff room", async () => {
    const staff = await clientFor(users.RECEPTIONIST);
    const patient = await clientFor(users.PATIENT);
    const staffGot = nextEvent(staff, "announcement:new");
    const patientGot = receivesWithin(patient, "announcement:new", 500);
    gateway.realtime.emit(rooms.staff(), "announcement:new", { id: "a1", body: "staff only", createdAt: new Date().toISOString(), author: { id: users.ADMIN.id, displayName: "A" } });
    expect((await staffGot).body).toBe("staff only");
    expect(await patientGot).toBe(false);

    const personal = nextEvent(patient, "announcement:new");
    gateway.realtime.emit(rooms.user(users.PATIENT.id), "announcement:new", { id: "a2", body: "just you", createdAt: new Date().toISOString(), author: { id: users.ADMIN.id, displayName: "A" } });
    expect((await personal).body).toBe("just you");
  });

  it.each([
    ["PATIENT", "staff", "FORBIDDEN"],
    ["PATIENT", "department:00000000-0000-4000-8000-000000000000", "FORBIDDEN"],
    ["PATIENT", "display:00000000-0000-4000-8000-000000000000", "FORBIDDEN"],
    ["PATIENT", "role:ADMIN", "FORBIDDEN"],
    ["RECEPTIONIST", "role:ADMIN", "FORBIDDEN"],
    ["RECEPTIONIST", "user:00000000-0000-4000-8000-000000000000", "FORBIDDEN"],
    ["CLINICIAN", "department:00000000-0000-4000-8000-000000000000", "OK"],
    ["RECEPTIONIST", "display:00000000-0000-4000-8000-000000000000", "OK"],
    ["ADMIN", "staff", "OK"],
    ["PATIENT", "queue:00000000-0000-4000-8000-000000000000", "FORBIDDEN"],
    ["PATIENT", "queue-public:00000000-0000-4000-8000-000000000000", "OK"],
    ["CLINICIAN", "queue:00000000-0000-4000-8000-000000000000", "OK"],
    ["ADMIN", "secret-room", "VALIDATION_FAILED"],
  ] as const)("%s joining %s → %s", async (role, room, expected) => {
    const socket = await clientFor(users[role]);
    const reply = await socket.emitWithAck("room:join", { room });
    if (expected === "OK") expect(reply).toEqual({ data: { room } });
    else expect(reply).toMatchObject({ error: { code: expected, message: expect.any(String) } });
  });

  it("a socket can leave a queue stream it follows", async () => {
    const socket = await clientFor(users.RECEPTIONIST);
    const room = "queue-public:00000000-0000-4000-8000-000000000000";
    expect(await socket.emitWithAck("room:join", { room })).toEqual({ data: { room } });
    expect(await socket.emitWithAck("room:leave", { room })).toEqual({ data: { room } });
    const got = receivesWithin(socket, "announcement:new", 300);
    gateway.realtime.emit(room, "announcement:new", { id: "q", body: "x", createdAt: new Date().toISOString(), author: { id: users.ADMIN.id, displayName: "A" } });
    expect(await got).toBe(false);
  });

  it("a patient who was refused a staff room receives nothing sent to it", async () => {
    const patient = await clientFor(users.PATIENT);
    await patient.emitWithAck("room:join", { room: "staff" });
    const got = receivesWithin(patient, "announcement:new", 500);
    gateway.realtime.emit("staff", "announcement:new", { id: "a3", body: "x", createdAt: new Date().toISOString(), author: { id: users.ADMIN.id, displayName: "A" } });
    expect(await got).toBe(false);
  });

  it("answers malformed payloads with a validation error naming the field", async () => {
    const socket = await clientFor(users.ADMIN);
    const reply = await socket.emitWithAck("room:join", { room: 42 } as never);
    expect(reply).toMatchObject({ error: { code: "VALIDATION_FAILED", details: [{ field: "room", problem: expect.any(String) }] } });
    const empty = await socket.emitWithAck("room:join", undefined as never);
    expect(empty).toMatchObject({ error: { code: "VALIDATION_FAILED" } });
  });

  it("counts connections and events in the metrics", async () => {
    const before = (await gateway.metrics.socketConnections.get()).values[0]?.value ?? 0;
    const socket = await clientFor(users.ADMIN);
    await socket.emitWithAck("session:whoami", {});
    expect((await gateway.metrics.socketConnections.get()).values[0]?.value).toBe(before + 1);
    const received = await gateway.metrics.socketEventsReceived.get();
    expect(received.values.find((v) => v.labels.event === "session:whoami")?.value).toBeGreaterThan(0);
  });
});

describe("two instances sharing one Redis", () => {
  let a: TestGateway;
  let b: TestGateway;
  beforeAll(async () => {
    const redis = { url: inject("redisUrl"), keyPrefix: uniqueRedisPrefix("gw") };
    a = await startTestGateway(t.db, redis);
    b = await startTestGateway(t.db, redis);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it("an emit on one instance reaches a client connected to the other", async () => {
    const onB = await clientFor(users.CLINICIAN, b.url);
    const onA = await clientFor(users.RECEPTIONIST, a.url);
    const gotB = nextEvent(onB, "announcement:new");
    const gotA = nextEvent(onA, "announcement:new");
    a.realtime.emit(rooms.staff(), "announcement:new", { id: "x1", body: "across instances", createdAt: new Date().toISOString(), author: { id: users.ADMIN.id, displayName: "A" } });
    expect((await gotB).body).toBe("across instances");
    expect((await gotA).body).toBe("across instances");
  });

  it("a room joined on one instance is reached from the other", async () => {
    const onB = await clientFor(users.RECEPTIONIST, b.url);
    const department = "department:11111111-1111-4111-8111-111111111111";
    expect(await onB.emitWithAck("room:join", { room: department })).toEqual({ data: { room: department } });
    const got = nextEvent(onB, "announcement:new");
    a.realtime.emit(department, "announcement:new", { id: "x2", body: "department news", createdAt: new Date().toISOString(), author: { id: users.ADMIN.id, displayName: "A" } });
    expect((await got).body).toBe("department news");
  });
});
