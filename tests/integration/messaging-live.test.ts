import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AckResponse, ClientToServerEvents } from "../../server/gateway/contract.ts";
import { createConversation } from "../../server/messaging/conversations.ts";
import type { MessageView, PresenceChange, TypingEvent } from "../../server/messaging/views.ts";
import type { Role } from "../../server/roles.ts";
import { createUser, type TestUser } from "../helpers/factories.ts";
import { connectClient, nextEvent, receivesWithin, startTestGateway, type TestClient, type TestGateway } from "../helpers/gateway.ts";
import { eventually } from "../helpers/ports.ts";
import { sessionCookieFor } from "../helpers/session.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";

/**
 * Staff messaging over real sockets, with two gateways sharing PostgreSQL and Redis (two
 * instances): delivery to members on either instance, acks only after the commit, catch-up
 * after a disconnect, typing, presence, and every event refused to those who may not use it.
 */
let t: TestDatabase;
let a: TestGateway;
let b: TestGateway;
let users: Record<"ana" | "ben" | "cy" | "outsider" | "patient", TestUser>;
let conversationId: string;
const sockets: TestClient[] = [];

beforeAll(async () => {
  t = await createTestDatabase("msglive");
  const redis = { url: inject("redisUrl"), keyPrefix: uniqueRedisPrefix("msglive") };
  [a, b] = await Promise.all([startTestGateway(t.db, redis, { messageRateLimit: { points: 1000, seconds: 10 } }), startTestGateway(t.db, redis, { messageRateLimit: { points: 1000, seconds: 10 } })]);
  users = {
    ana: await createUser(t.db, "RECEPTIONIST", { displayName: "Ana Live" }),
    ben: await createUser(t.db, "CLINICIAN", { displayName: "Ben Live" }),
    cy: await createUser(t.db, "ADMIN", { displayName: "Cy Live" }),
    outsider: await createUser(t.db, "CLINICIAN", { displayName: "Out Sider" }),
    patient: await createUser(t.db, "PATIENT"),
  };
  const { conversation } = await createConversation({ db: t.db, realtime: a.realtime }, users.ana, { kind: "group", name: "Front desk", memberIds: [users.ben.id, users.cy.id] });
  conversationId = conversation.id;
}, 60_000);

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all([a?.close(), b?.close()]);
  await t?.drop();
});

async function connect(gateway: TestGateway, user: TestUser, auth?: Record<string, unknown>): Promise<TestClient> {
  const socket = await connectClient(gateway.url, await sessionCookieFor(user), {}, auth);
  sockets.push(socket);
  return socket;
}

function ack<E extends keyof ClientToServerEvents>(socket: TestClient, event: E, payload: unknown): Promise<AckResponse<unknown>> {
  return (socket.timeout(5_000).emitWithAck as (e: string, p: unknown) => Promise<AckResponse<unknown>>)(event, payload);
}

function dataOf<T>(reply: AckResponse<unknown>): T {
  if ("error" in reply) throw new Error(`ack failed: ${reply.error.code} ${reply.error.message}`);
  return reply.data as T;
}

describe("delivery", () => {
  it("reaches every member on both instances once, after it is saved; the sender's ack carries id and time", async () => {
    const anaA = await connect(a, users.ana);
    const benB = await connect(b, users.ben);
    const cyA = await connect(a, users.cy);
    const outsiderB = await connect(b, users.outsider);
    const clientId = randomUUID();
    const arrivals = [nextEvent(benB, "message:new"), nextEvent(cyA, "message:new"), nextEvent(anaA, "message:new")];
    const outsiderHears = receivesWithin(outsiderB, "message:new", 1_000);

    const reply = dataOf<{ message: MessageView; duplicate: boolean }>(await ack(anaA, "message:send", { conversationId, clientId, body: "Patient in room 3 needs a translator" }));
    // Saved before the ack: the row is there the moment the ack is.
    const row = await t.db.message.findUnique({ where: { id: reply.message.id } });
    expect(row).toMatchObject({ clientId, body: "Patient in room 3 needs a translator", senderId: users.ana.id });
    expect(reply.message.createdAt).toBe(row!.createdAt.toISOString());
    expect(reply.duplicate).toBe(false);

    const received = await Promise.all(arrivals);
    expect(received.map((m) => m.id)).toEqual([reply.message.id, reply.message.id, reply.message.id]);
    expect(await outsiderHears).toBe(false);
  });

  it("answers a retry with the same clientId with the same message, and nobody receives it twice", async () => {
    const anaB = await connect(b, users.ana);
    const cyA = await connect(a, users.cy);
    const got: string[] = [];
    cyA.on("message:new", (m) => got.push(m.clientId));
    const clientId = randomUUID();
    const first = dataOf<{ message: MessageView }>(await ack(anaB, "message:send", { conversationId, clientId, body: "Retry me" }));
    const second = dataOf<{ message: MessageView; duplicate: boolean }>(await ack(anaB, "message:send", { conversationId, clientId, body: "Retry me" }));
    expect(second).toEqual({ message: first.message, duplicate: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(got.filter((id) => id === clientId)).toHaveLength(1);
  });

  it("shows every member the same order when members on both instances send at once", async () => {
    const senders = await Promise.all([connect(a, users.ana), connect(b, users.ben), connect(a, users.cy)]);
    const watchers = await Promise.all([connect(b, users.ana), connect(a, users.ben), connect(b, users.cy)]);
    const seen = watchers.map(() => [] as number[]);
    const tag = randomUUID().slice(0, 8);
    watchers.forEach((w, i) => w.on("message:new", (m) => m.body.startsWith(tag) && seen[i]!.push(m.seq)));
    await Promise.all(senders.flatMap((s, i) => Array.from({ length: 10 }, (_, k) => ack(s, "message:send", { conversationId, clientId: randomUUID(), body: `${tag} ${i}/${k}` }))));
    await eventually(() => expect(seen.map((s) => s.length)).toEqual([30, 30, 30]));
    const sorted = [...seen[0]!].sort((x, y) => x - y);
    for (const s of seen) expect([...s].sort((x, y) => x - y)).toEqual(sorted);
    expect(new Set(sorted).size).toBe(30);
  });

  it("pushes edits and deletions to the other instance", async () => {
    const anaA = await connect(a, users.ana);
    const benB = await connect(b, users.ben);
    const { message } = dataOf<{ message: MessageView }>(await ack(anaA, "message:send", { conversationId, clientId: randomUUID(), body: "Meet at 10" }));
    const updated = nextEvent(benB, "message:updated");
    dataOf(await ack(anaA, "message:edit", { messageId: message.id, body: "Meet at 11" }));
    expect(await updated).toMatchObject({ id: message.id, body: "Meet at 11" });
    const deleted = nextEvent(benB, "message:updated");
    dataOf(await ack(anaA, "message:delete", { messageId: message.id }));
    expect(await deleted).toMatchObject({ id: message.id, body: "" });
    expect(await ack(benB, "message:edit", { messageId: message.id, body: "not mine" })).toMatchObject({ error: { code: "FORBIDDEN" } });
  });

  it("tells the others in a group how far a member has read (receipts), across instances", async () => {
    const anaA = await connect(a, users.ana);
    const benB = await connect(b, users.ben);
    const { message } = dataOf<{ message: MessageView }>(await ack(anaA, "message:send", { conversationId, clientId: randomUUID(), body: "Read me" }));
    const receipt = nextEvent(anaA, "conversation:read");
    expect(dataOf(await ack(benB, "conversation:read", { conversationId, seq: message.seq }))).toMatchObject({ lastReadSeq: message.seq, unread: 0 });
    expect(await receipt).toEqual({ conversationId, userId: users.ben.id, lastReadSeq: message.seq });
  });
});

describe("catch-up", () => {
  it("after a disconnect, a client fetches exactly the messages it missed", async () => {
    const anaA = await connect(a, users.ana);
    let ben = await connect(b, users.ben);
    const live: string[] = [];
    ben.on("message:new", (m) => live.push(m.id));
    const { message: seen } = dataOf<{ message: MessageView }>(await ack(anaA, "message:send", { conversationId, clientId: randomUUID(), body: "before" }));
    await eventually(() => expect(live).toContain(seen.id));
    ben.close();
    const missed: string[] = [];
    for (let i = 0; i < 5; i++) missed.push(dataOf<{ message: MessageView }>(await ack(anaA, "message:send", { conversationId, clientId: randomUUID(), body: `while away ${i}` })).message.id);

    ben = await connect(a, users.ben); // reconnects, to the other instance this time
    const sync = dataOf<{ messages: MessageView[]; hasMore: boolean }>(await ack(ben, "conversation:sync", { conversationId, afterEventSeq: seen.eventSeq }));
    expect(sync.messages.map((m) => m.id)).toEqual(missed);
    expect(sync.hasMore).toBe(false);
    // And it is live again.
    const next = nextEvent(ben, "message:new");
    const { message: after } = dataOf<{ message: MessageView }>(await ack(anaA, "message:send", { conversationId, clientId: randomUUID(), body: "after" }));
    expect((await next).id).toBe(after.id);
  });
});

describe("typing and presence", () => {
  it("shows typing to the other members only, across instances", async () => {
    const anaA = await connect(a, users.ana);
    const benB = await connect(b, users.ben);
    const outsider = await connect(b, users.outsider);
    const typing = nextEvent(benB, "typing");
    const selfHears = receivesWithin(anaA, "typing", 500);
    expect(await ack(anaA, "typing:set", { conversationId, typing: true })).toEqual({ data: { ok: true } });
    expect(await typing).toEqual<TypingEvent>({ conversationId, user: { id: users.ana.id, displayName: "Ana Live" }, typing: true });
    expect(await selfHears).toBe(false);
    expect(await ack(outsider, "typing:set", { conversationId, typing: true })).toMatchObject({ error: { code: "FORBIDDEN" } });
  });

  it("shows a person online while connected to either instance, away when idle, offline when gone", async () => {
    const watcher = await connect(a, users.cy);
    const person = await createUser(t.db, "CLINICIAN", { displayName: "Pres Ence" });
    const changes: PresenceChange[] = [];
    watcher.on("presence:changed", (c) => c.userId === person.id && changes.push(c));
    const onB = await connect(b, person);
    await eventually(() => expect(changes.map((c) => c.status)).toEqual(["online"]));
    const onA = await connect(a, person);
    dataOf(await ack(onB, "presence:set", { status: "away" }));
    await new Promise((r) => setTimeout(r, 200));
    expect(changes.map((c) => c.status)).toEqual(["online"]); // still active on A
    dataOf(await ack(onA, "presence:set", { status: "away" }));
    await eventually(() => expect(changes.map((c) => c.status)).toEqual(["online", "away"]));
    onA.close();
    onB.close();
    await eventually(() => expect(changes.map((c) => c.status)).toEqual(["online", "away", "offline"]));
    const listed = dataOf<{ id: string; status: string }[]>(await ack(watcher, "presence:list", {}));
    expect(listed.find((p) => p.id === person.id)?.status).toBe("offline");
  });

  it("does not count a connection opened with presence: false", async () => {
    const watcher = await connect(b, users.cy);
    const person = await createUser(t.db, "RECEPTIONIST");
    const hears = receivesWithin(watcher, "presence:changed", 500);
    const quiet = await connect(a, person, { presence: false });
    expect(await hears).toBe(false);
    expect(await ack(quiet, "presence:set", { status: "away" })).toMatchObject({ error: { code: "CONFLICT" } });
  });
});

describe("who may do what", () => {
  const events: [keyof ClientToServerEvents, (ids: { conversationId: string; messageId: string }) => unknown][] = [
    ["message:send", ({ conversationId }) => ({ conversationId, clientId: randomUUID(), body: "hi" })],
    ["message:edit", ({ messageId }) => ({ messageId, body: "changed" })],
    ["message:delete", ({ messageId }) => ({ messageId })],
    ["message:acknowledge", ({ messageId }) => ({ messageId })],
    ["conversation:read", ({ conversationId }) => ({ conversationId, seq: 1 })],
    ["conversation:sync", ({ conversationId }) => ({ conversationId, afterEventSeq: 0 })],
    ["typing:set", ({ conversationId }) => ({ conversationId, typing: true })],
    ["presence:set", () => ({ status: "away" })],
    ["presence:list", () => ({})],
    ["room:join", ({ conversationId }) => ({ room: `conversation:${conversationId}` })],
  ];

  it.each(events)("%s: a patient is refused, and nothing is written", async (event, payload) => {
    const anaA = await connect(a, users.ana);
    const { message } = dataOf<{ message: MessageView }>(await ack(anaA, "message:send", { conversationId, clientId: randomUUID(), body: "urgent?", urgent: true }));
    const before = await t.db.message.count();
    const patient = await connect(b, users.patient);
    const reply = await ack(patient, event, payload({ conversationId, messageId: message.id }));
    expect(reply).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect(await t.db.message.count()).toBe(before);
    expect(await t.db.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ body: "urgent?", deletedAt: null });
  });

  it.each(events.filter(([e]) => !e.startsWith("presence:")))("%s: staff outside the conversation are refused", async (event, payload) => {
    const anaA = await connect(a, users.ana);
    const { message } = dataOf<{ message: MessageView }>(await ack(anaA, "message:send", { conversationId, clientId: randomUUID(), body: "members only", urgent: true }));
    const outsider = await connect(b, users.outsider);
    expect(await ack(outsider, event, payload({ conversationId, messageId: message.id }))).toMatchObject({ error: { code: "FORBIDDEN" } });
  });

  it.each(events.filter(([e]) => !e.startsWith("presence:") && e !== "room:join"))("%s: an unknown conversation or message is NOT_FOUND", async (event, payload) => {
    const benB = await connect(b, users.ben);
    expect(await ack(benB, event, payload({ conversationId: randomUUID(), messageId: randomUUID() }))).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it.each(Object.entries({ ADMIN: "cy", RECEPTIONIST: "ana", CLINICIAN: "ben" } as Record<Role, keyof typeof users>))("a member who is %s may send, read and sync", async (_role, key) => {
    const socket = await connect(a, users[key]);
    const { message } = dataOf<{ message: MessageView }>(await ack(socket, "message:send", { conversationId, clientId: randomUUID(), body: `from ${key}` }));
    dataOf(await ack(socket, "conversation:read", { conversationId, seq: message.seq }));
    expect(dataOf<{ messages: MessageView[] }>(await ack(socket, "conversation:sync", { conversationId, afterEventSeq: message.eventSeq - 1 })).messages[0]!.id).toBe(message.id);
  });

  it("refuses bad payloads with the field named, and writes nothing", async () => {
    const anaA = await connect(a, users.ana);
    const before = await t.db.message.count();
    const cases: [unknown, string][] = [
      [{ conversationId, clientId: randomUUID(), body: "" }, "body"],
      [{ conversationId, clientId: randomUUID(), body: "x".repeat(4001) }, "body"],
      [{ conversationId, clientId: "has spaces", body: "hi" }, "clientId"],
      [{ conversationId: "nope", clientId: randomUUID(), body: "hi" }, "conversationId"],
      [{ conversationId, clientId: randomUUID(), body: 42 }, "body"],
    ];
    for (const [payload, field] of cases) {
      const reply = await ack(anaA, "message:send", payload);
      expect(reply).toMatchObject({ error: { code: "VALIDATION_FAILED" } });
      expect(JSON.stringify(reply)).toContain(`"field":"${field}"`);
    }
    expect(await t.db.message.count()).toBe(before);
  });

  it("limits how fast one person can send", async () => {
    const gateway = await startTestGateway(t.db, undefined, { messageRateLimit: { points: 2, seconds: 60 } });
    try {
      const socket = await connectClient(gateway.url, await sessionCookieFor(users.cy));
      sockets.push(socket);
      const replies = [];
      for (let i = 0; i < 3; i++) replies.push(await ack(socket, "message:send", { conversationId, clientId: randomUUID(), body: `quick ${i}` }));
      expect(replies.map((r) => ("error" in r ? r.error.code : "ok"))).toEqual(["ok", "ok", "RATE_LIMITED"]);
    } finally {
      await gateway.close();
    }
  });
});
