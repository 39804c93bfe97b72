import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AckResponse } from "../../server/gateway/contract.ts";
import { directKeyFor } from "../../server/messaging/rules.ts";
import type { ConversationDetail, ConversationList, ConversationSummary, MessagePage, MessageView, StaffMember } from "../../server/messaging/views.ts";
import { callApi, type ApiAnswer } from "../helpers/api.ts";
import { startAppProcess, type AppProcess } from "../helpers/app-process.ts";
import { createClinician } from "../helpers/clinic-factories.ts";
import { createUser, type TestUser } from "../helpers/factories.ts";
import { connectClient, type TestClient } from "../helpers/gateway.ts";
import { eventually } from "../helpers/ports.ts";
import { createQueueClinic, type QueueClinic } from "../helpers/queue-fixtures.ts";
import { sessionCookieFor, signInOverHttp } from "../helpers/session.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";

/**
 * Staff messaging's route handlers in the real app (one instance, real PostgreSQL and Redis):
 * who may call them, what they create, the limits they keep, paging, presence in the staff
 * directory, visit threads and unread counts moved by the socket.
 */
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

let t: TestDatabase;
let app: AppProcess;
let clinic: QueueClinic;
let departmentId: string;
let departmentName: string;
let otherDepartmentId: string;
let admin: TestUser;
let reception: TestUser;
/** A clinician of `departmentId`. */
let clinician: TestUser;
/** A clinician of `otherDepartmentId`. */
let otherClinician: TestUser;
let patient: TestUser;
/** Ten more staff (clinicians without a department), for groups and the directory. */
let extras: TestUser[];
/** Never opened by staff: the access checks must leave it without a thread. */
let untouchedTicketId: string;
let threadTicketId: string;
let allStaffId: string;
const cookies = new Map<string, string>();
const sockets: TestClient[] = [];

beforeAll(async () => {
  t = await createTestDatabase("msghttp");
  clinic = await createQueueClinic(t.db);
  // Departments exist before the app boots: the boot creates their channels.
  departmentId = await clinic.newDepartment("M");
  otherDepartmentId = await clinic.newDepartment("N");
  departmentName = (await t.db.department.findUniqueOrThrow({ where: { id: departmentId }, select: { name: true } })).name;
  reception = clinic.reception;
  clinician = (await createClinician(t.db, departmentId)).user;
  otherClinician = (await createClinician(t.db, otherDepartmentId)).user;
  admin = await createUser(t.db, "ADMIN");
  patient = await createUser(t.db, "PATIENT");
  extras = [];
  for (let i = 0; i < 10; i++) extras.push(await createUser(t.db, "CLINICIAN"));
  [untouchedTicketId, threadTicketId] = (await clinic.walkIns(departmentId, 2)) as [string, string];

  app = await startAppProcess({ databaseUrl: t.url, redisUrl: inject("redisUrl"), redisKeyPrefix: uniqueRedisPrefix("msghttp") });
  allStaffId = (await t.db.conversation.findUniqueOrThrow({ where: { systemKey: "all-staff" }, select: { id: true } })).id;

  // One real sign-in; the others get equivalent cookies without the round trip.
  const signedIn = await signInOverHttp(app.url, clinician.email, clinician.password);
  expect(signedIn.status).toBe(200);
  cookies.set(clinician.id, signedIn.cookie!);
  for (const user of [admin, reception, otherClinician, patient, ...extras]) cookies.set(user.id, await sessionCookieFor(user));
}, 90_000);

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await app?.stop();
  await t?.drop();
});

function cookieOf(user: TestUser | null): string | null {
  if (!user) return null;
  const cookie = cookies.get(user.id);
  if (!cookie) throw new Error(`no cookie for ${user.displayName}`);
  return cookie;
}

const call = <T = Record<string, unknown>>(user: TestUser | null, method: string, path: string, body?: unknown) => callApi<T>(app.url, method, path, cookieOf(user), body);

/** The fields a 400 names. */
function fieldsOf(res: ApiAnswer<unknown>): string[] {
  expect(res.status).toBe(400);
  expect(res.json.error?.code).toBe("VALIDATION_FAILED");
  return ((res.json.error?.details ?? []) as { field: string }[]).map((d) => d.field);
}

/** The data of an ack, which must come within 5 s and must not be an error. */
async function dataOf<T>(pending: Promise<AckResponse<T>>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("no ack within 5 s")), 5_000);
  });
  const reply = await Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
  if ("error" in reply) throw new Error(`ack failed: ${reply.error.code} ${reply.error.message}`);
  return reply.data;
}

async function socketOf(user: TestUser): Promise<TestClient> {
  const socket = await connectClient(app.url, cookieOf(user)!);
  sockets.push(socket);
  return socket;
}

async function sendOver(socket: TestClient, conversationId: string, body: string): Promise<MessageView> {
  return (await dataOf(socket.emitWithAck("message:send", { conversationId, clientId: randomUUID(), body }))).message;
}

async function listOf(user: TestUser): Promise<ConversationList> {
  const res = await call<ConversationList>(user, "GET", "/api/conversations");
  expect(res.status).toBe(200);
  return res.json.data!;
}

async function startDirect(from: TestUser, to: TestUser): Promise<ApiAnswer<{ conversation: ConversationSummary }>> {
  return call<{ conversation: ConversationSummary }>(from, "POST", "/api/conversations", { kind: "direct", userId: to.id });
}

async function startGroup(from: TestUser, others: TestUser[], name?: string): Promise<ApiAnswer<{ conversation: ConversationSummary }>> {
  return call<{ conversation: ConversationSummary }>(from, "POST", "/api/conversations", { kind: "group", memberIds: others.map((u) => u.id), ...(name ? { name } : {}) });
}

const memberCount = (conversationId: string) => t.db.conversationMember.count({ where: { conversationId } });

describe("who may call the messaging routes", () => {
  const ROUTES: { route: string; method: string; path: () => string; body?: unknown }[] = [
    { route: "list conversations", method: "GET", path: () => "/api/conversations" },
    { route: "start a conversation", method: "POST", path: () => "/api/conversations", body: { kind: "direct", userId: UNKNOWN_ID } },
    { route: "a conversation", method: "GET", path: () => `/api/conversations/${allStaffId}` },
    { route: "add members", method: "POST", path: () => `/api/conversations/${allStaffId}/members`, body: { userIds: [UNKNOWN_ID] } },
    { route: "leave", method: "DELETE", path: () => `/api/conversations/${allStaffId}/members/me` },
    { route: "messages", method: "GET", path: () => `/api/conversations/${allStaffId}/messages` },
    { route: "staff directory", method: "GET", path: () => "/api/staff" },
    { route: "visit thread", method: "POST", path: () => `/api/tickets/${untouchedTicketId}/thread` },
  ];
  const cases = ROUTES.flatMap((r) => [
    { ...r, who: "anonymous" as const, expected: 401, code: "UNAUTHENTICATED" },
    { ...r, who: "PATIENT" as const, expected: 403, code: "FORBIDDEN" },
  ]);

  it.each(cases)("$who → $method $route: $expected", async ({ who, method, path, body, expected, code }) => {
    const conversationsBefore = await t.db.conversation.count();
    const membersBefore = await t.db.conversationMember.count();
    const res = await call(who === "anonymous" ? null : patient, method, path(), body);
    expect([res.status, res.json.error?.code]).toEqual([expected, code]);
    expect(res.json.data).toBeUndefined();
    // Nothing was written on the refused caller's behalf.
    expect(await t.db.conversation.count()).toBe(conversationsBefore);
    expect(await t.db.conversationMember.count()).toBe(membersBefore);
    expect(await t.db.conversationMember.count({ where: { userId: patient.id } })).toBe(0);
  });

  it("the refused calls opened no thread for the ticket", async () => {
    expect(await t.db.conversation.count({ where: { ticketId: untouchedTicketId } })).toBe(0);
  });
});

describe("the conversation list", () => {
  it("lists the default channels for a clinician: All staff and their own department's, not another department's", async () => {
    // One message from reception in the department channel: the clinician has one unread there.
    const departmentChannel = await t.db.conversation.findUniqueOrThrow({ where: { departmentId }, select: { id: true } });
    await sendOver(await socketOf(reception), departmentChannel.id, "Department meeting at 4");

    const list = await listOf(clinician);
    const allStaff = list.conversations.find((c) => c.systemKey === "all-staff");
    expect(allStaff).toMatchObject({ id: allStaffId, kind: "channel", title: "All staff", departmentId: null, unread: 0, unreadMentions: 0, pendingUrgent: 0 });
    // Every active staff member created above is in it (no patient).
    expect(allStaff!.memberCount).toBe(await t.db.user.count({ where: { role: { not: "PATIENT" }, disabledAt: null } }));
    const department = list.conversations.find((c) => c.departmentId === departmentId);
    expect(department).toMatchObject({ id: departmentChannel.id, kind: "channel", title: departmentName, systemKey: null, unread: 1, lastMessage: { seq: 1, preview: "Department meeting at 4" } });
    expect(list.conversations.some((c) => c.departmentId === otherDepartmentId)).toBe(false);
    expect(list.totalUnread).toBe(list.conversations.reduce((sum, c) => sum + c.unread, 0));
    expect(list.totalUnread).toBeGreaterThanOrEqual(1);

    // Reception works across departments: both department channels.
    const receptionList = await listOf(reception);
    expect(receptionList.conversations.filter((c) => c.departmentId !== null).map((c) => c.departmentId).sort()).toEqual([departmentId, otherDepartmentId].sort());
    // Their own message is not unread for them.
    expect(receptionList.conversations.find((c) => c.departmentId === departmentId)?.unread).toBe(0);
  });
});

describe("starting conversations", () => {
  it("a direct conversation is created once per pair, whoever starts it", async () => {
    const first = await startDirect(clinician, extras[0]!);
    expect(first.status).toBe(201);
    const id = first.json.data!.conversation.id;
    expect(first.json.data!.conversation).toMatchObject({ kind: "direct", title: extras[0]!.displayName, memberCount: 2 });

    const again = await startDirect(clinician, extras[0]!);
    expect([again.status, again.json.data?.conversation.id]).toEqual([200, id]);
    const fromTheOtherSide = await startDirect(extras[0]!, clinician);
    expect([fromTheOtherSide.status, fromTheOtherSide.json.data?.conversation.id]).toEqual([200, id]);
    expect(fromTheOtherSide.json.data!.conversation.title).toBe(clinician.displayName);

    expect(await t.db.conversation.count({ where: { directKey: directKeyFor(clinician.id, extras[0]!.id) } })).toBe(1);
    expect(await memberCount(id)).toBe(2);
  });

  it("a direct conversation with oneself, a patient or nobody known is refused naming userId, and nothing is written", async () => {
    const before = await t.db.conversation.count({ where: { kind: "DIRECT" } });
    for (const userId of [clinician.id, patient.id, UNKNOWN_ID, "not-an-id"]) {
      const res = await call(clinician, "POST", "/api/conversations", { kind: "direct", userId });
      expect(fieldsOf(res)).toEqual(["userId"]);
    }
    expect(await t.db.conversation.count({ where: { kind: "DIRECT" } })).toBe(before);
  });

  it("a group holds at most 10 people, the creator included", async () => {
    const before = await t.db.conversation.count({ where: { kind: "GROUP" } });
    const tooMany = await startGroup(clinician, extras);
    expect(fieldsOf(tooMany)).toEqual(["memberIds"]);
    expect(await t.db.conversation.count({ where: { kind: "GROUP" } })).toBe(before);

    const full = await startGroup(clinician, extras.slice(0, 9), "Night shift huddle");
    expect(full.status).toBe(201);
    const group = full.json.data!.conversation;
    expect(group).toMatchObject({ kind: "group", title: "Night shift huddle", memberCount: 10 });
    expect(group.members!.map((m) => m.id).sort()).toEqual([clinician.id, ...extras.slice(0, 9).map((u) => u.id)].sort());
    expect(await memberCount(group.id)).toBe(10);
  });

  it("a group needs someone else, and only staff", async () => {
    expect(fieldsOf(await startGroup(clinician, []))).toEqual(["memberIds"]);
    expect(fieldsOf(await startGroup(clinician, [patient]))).toEqual(["memberIds"]);
  });

  it("only admins create channels", async () => {
    const name = `Channel ${randomUUID().slice(0, 8)}`;
    for (const user of [clinician, reception]) {
      const res = await call(user, "POST", "/api/conversations", { kind: "channel", name, memberIds: [extras[1]!.id] });
      expect([res.status, res.json.error?.code]).toEqual([403, "FORBIDDEN"]);
    }
    expect(await t.db.conversation.count({ where: { name } })).toBe(0);

    const res = await call<{ conversation: ConversationSummary }>(admin, "POST", "/api/conversations", { kind: "channel", name, memberIds: [extras[1]!.id] });
    expect(res.status).toBe(201);
    expect(res.json.data!.conversation).toMatchObject({ kind: "channel", title: name, memberCount: 2, systemKey: null, departmentId: null });
    expect(await t.db.conversation.count({ where: { name, kind: "CHANNEL" } })).toBe(1);
  });

  it("an unknown kind is refused naming kind", async () => {
    expect(fieldsOf(await call(clinician, "POST", "/api/conversations", { kind: "broadcast" }))).toEqual(["kind"]);
  });
});

describe("adding members", () => {
  it("a group stops at 10 people: a request that would pass it adds nobody", async () => {
    const created = await startGroup(reception, extras.slice(0, 7));
    expect(created.status).toBe(201);
    const id = created.json.data!.conversation.id;
    expect(await memberCount(id)).toBe(8);

    const over = await call(reception, "POST", `/api/conversations/${id}/members`, { userIds: [extras[7]!.id, extras[8]!.id, extras[9]!.id] });
    expect(fieldsOf(over)).toEqual(["userIds"]);
    expect(await memberCount(id)).toBe(8);

    // Another member of the group may add, up to the limit.
    const upTo = await call<{ conversation: ConversationSummary }>(extras[0]!, "POST", `/api/conversations/${id}/members`, { userIds: [extras[7]!.id, extras[8]!.id] });
    expect(upTo.status).toBe(200);
    expect(upTo.json.data!.conversation.memberCount).toBe(10);
    expect(await memberCount(id)).toBe(10);

    const one = await call(reception, "POST", `/api/conversations/${id}/members`, { userIds: [extras[9]!.id] });
    expect(fieldsOf(one)).toEqual(["userIds"]);
    expect(await memberCount(id)).toBe(10);
    expect(await t.db.conversationMember.count({ where: { conversationId: id, userId: extras[9]!.id } })).toBe(0);
  });

  it("a direct conversation stays between two: 409, nobody added", async () => {
    const direct = await startDirect(reception, extras[2]!);
    expect(direct.status).toBe(201);
    const id = direct.json.data!.conversation.id;
    const res = await call(reception, "POST", `/api/conversations/${id}/members`, { userIds: [extras[3]!.id] });
    expect([res.status, res.json.error?.code]).toEqual([409, "CONFLICT"]);
    expect(await memberCount(id)).toBe(2);
  });

  it("only admins add people to a channel; non-members and patients in userIds are refused", async () => {
    const departmentChannel = await t.db.conversation.findUniqueOrThrow({ where: { departmentId }, select: { id: true } });
    const before = await memberCount(departmentChannel.id);
    const byClinician = await call(clinician, "POST", `/api/conversations/${departmentChannel.id}/members`, { userIds: [extras[4]!.id] });
    expect([byClinician.status, byClinician.json.error?.code]).toEqual([403, "FORBIDDEN"]);
    const byNonMember = await call(otherClinician, "POST", `/api/conversations/${departmentChannel.id}/members`, { userIds: [extras[4]!.id] });
    expect([byNonMember.status, byNonMember.json.error?.code]).toEqual([403, "FORBIDDEN"]);
    expect(fieldsOf(await call(admin, "POST", `/api/conversations/${departmentChannel.id}/members`, { userIds: [patient.id] }))).toEqual(["userIds"]);
    expect(await memberCount(departmentChannel.id)).toBe(before);

    const byAdmin = await call<{ conversation: ConversationSummary }>(admin, "POST", `/api/conversations/${departmentChannel.id}/members`, { userIds: [extras[4]!.id] });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.json.data!.conversation.memberCount).toBe(before + 1);
  });
});

describe("one conversation", () => {
  it("members read it; a non-member gets 403, an unknown or malformed id 404", async () => {
    const created = await startGroup(clinician, [reception], "Supplies");
    const id = created.json.data!.conversation.id;

    const detail = await call<ConversationDetail>(reception, "GET", `/api/conversations/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.json.data!.conversation).toMatchObject({ id, kind: "group", title: "Supplies", memberCount: 2 });
    expect(detail.json.data!.members.map((m) => [m.id, m.role, m.lastReadSeq]).sort()).toEqual(
      [
        [clinician.id, "CLINICIAN", 0],
        [reception.id, "RECEPTIONIST", 0],
      ].sort(),
    );
    expect(detail.json.data!.canAddMembers).toBe(true);
    expect(detail.json.data!.pinned).toEqual([]);

    for (const path of [`/api/conversations/${id}`, `/api/conversations/${id}/messages`]) {
      const res = await call(otherClinician, "GET", path);
      expect([res.status, res.json.error?.code]).toEqual([403, "FORBIDDEN"]);
    }
    for (const path of [`/api/conversations/${UNKNOWN_ID}`, "/api/conversations/not-a-uuid", `/api/conversations/${UNKNOWN_ID}/messages`, "/api/conversations/not-a-uuid/messages"]) {
      const res = await call(clinician, "GET", path);
      expect([path, res.status, res.json.error?.code]).toEqual([path, 404, "NOT_FOUND"]);
    }
  });
});

describe("message history", () => {
  let conversationId: string;
  let sent: MessageView[];

  beforeAll(async () => {
    const created = await startDirect(admin, clinician);
    expect(created.status).toBe(201);
    conversationId = created.json.data!.conversation.id;
    const socket = await socketOf(admin);
    sent = [];
    for (let i = 1; i <= 7; i++) sent.push(await sendOver(socket, conversationId, `Message ${i}`));
  });

  const page = async (query: string) => {
    const res = await call<MessagePage>(clinician, "GET", `/api/conversations/${conversationId}/messages${query}`);
    expect(res.status).toBe(200);
    const { messages, olderCursor, newerCursor } = res.json.data!;
    return { seqs: messages.map((m) => m.seq), bodies: messages.map((m) => m.body), olderCursor, newerCursor };
  };

  it("the messages are numbered 1 to 7 in the order sent", () => {
    expect(sent.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("without a cursor: the newest, oldest first", async () => {
    expect(await page("")).toEqual({ seqs: [1, 2, 3, 4, 5, 6, 7], bodies: sent.map((m) => m.body), olderCursor: null, newerCursor: null });
    expect(await page("?limit=3")).toMatchObject({ seqs: [5, 6, 7], bodies: ["Message 5", "Message 6", "Message 7"], olderCursor: 5, newerCursor: null });
  });

  it("before pages back to the start", async () => {
    expect(await page("?before=5&limit=3")).toMatchObject({ seqs: [2, 3, 4], olderCursor: 2, newerCursor: 4 });
    expect(await page("?before=2&limit=3")).toMatchObject({ seqs: [1], olderCursor: null, newerCursor: 1 });
    expect(await page("?before=1&limit=3")).toMatchObject({ seqs: [], olderCursor: null, newerCursor: null });
  });

  it("after pages forward to the newest", async () => {
    expect(await page("?after=0&limit=3")).toMatchObject({ seqs: [1, 2, 3], olderCursor: null, newerCursor: 3 });
    expect(await page("?after=3&limit=3")).toMatchObject({ seqs: [4, 5, 6], olderCursor: 4, newerCursor: 6 });
    expect(await page("?after=6&limit=3")).toMatchObject({ seqs: [7], olderCursor: 7, newerCursor: null });
    expect(await page("?after=7&limit=3")).toMatchObject({ seqs: [], newerCursor: null });
  });

  it("a bad cursor or limit is refused naming the field", async () => {
    const cases: [string, string][] = [
      ["?limit=0", "limit"],
      ["?limit=101", "limit"],
      ["?limit=two", "limit"],
      ["?before=x", "before"],
      ["?after=-1", "after"],
      ["?after=1.5", "after"],
      ["?before=1&after=1", "before"],
    ];
    for (const [query, field] of cases) {
      const res = await call(clinician, "GET", `/api/conversations/${conversationId}/messages${query}`);
      expect([query, fieldsOf(res)]).toEqual([query, [field]]);
    }
  });
});

describe("the staff directory", () => {
  const staffAs = async (user: TestUser): Promise<StaffMember[]> => {
    const res = await call<{ staff: StaffMember[] }>(user, "GET", "/api/staff");
    expect(res.status).toBe(200);
    return res.json.data!.staff;
  };

  it("lists active staff only, online while they have a socket open, offline otherwise", async () => {
    const watched = await createUser(t.db, "RECEPTIONIST");
    const disabled = await createUser(t.db, "CLINICIAN", { disabled: true });
    cookies.set(watched.id, await sessionCookieFor(watched));

    const staff = await staffAs(otherClinician);
    const ids = staff.map((s) => s.id);
    expect(ids).not.toContain(patient.id);
    expect(ids).not.toContain(disabled.id);
    expect(staff.every((s) => ["ADMIN", "RECEPTIONIST", "CLINICIAN"].includes(s.role))).toBe(true);
    expect(ids.sort()).toEqual(
      (await t.db.user.findMany({ where: { role: { not: "PATIENT" }, disabledAt: null }, select: { id: true } })).map((u) => u.id).sort(),
    );
    expect(staff.find((s) => s.id === watched.id)).toMatchObject({ displayName: watched.displayName, role: "RECEPTIONIST", status: "offline", lastSeenAt: null, departmentName: null });
    expect(staff.find((s) => s.id === clinician.id)).toMatchObject({ departmentName: departmentName });

    const socket = await socketOf(watched);
    const online = await eventually(async () => {
      const entry = (await staffAs(otherClinician)).find((s) => s.id === watched.id);
      expect(entry?.status).toBe("online");
      return entry!;
    });
    expect(online.lastSeenAt).not.toBeNull();
    // Someone who never connected stays offline.
    expect((await staffAs(otherClinician)).find((s) => s.id === extras[9]!.id)?.status).toBe("offline");

    socket.close();
    await eventually(async () => expect((await staffAs(otherClinician)).find((s) => s.id === watched.id)?.status).toBe("offline"));
  });
});

describe("visit threads", () => {
  it("are created once per ticket with the department's clinicians and reception, and never for an unknown ticket", async () => {
    const ticket = await t.db.ticket.findUniqueOrThrow({ where: { id: threadTicketId }, select: { code: true } });
    const first = await call<{ conversation: ConversationSummary }>(reception, "POST", `/api/tickets/${threadTicketId}/thread`);
    expect(first.status).toBe(201);
    const thread = first.json.data!.conversation;
    expect(thread).toMatchObject({ kind: "visit", title: `Visit ${ticket.code}`, ticket: { id: threadTicketId, code: ticket.code, departmentId } });

    const again = await call<{ conversation: ConversationSummary }>(clinician, "POST", `/api/tickets/${threadTicketId}/thread`);
    expect([again.status, again.json.data?.conversation.id]).toEqual([200, thread.id]);
    expect(await t.db.conversation.count({ where: { ticketId: threadTicketId } })).toBe(1);

    const detail = await call<ConversationDetail>(clinician, "GET", `/api/conversations/${thread.id}`);
    expect(detail.status).toBe(200);
    const memberIds = detail.json.data!.members.map((m) => m.id);
    expect(memberIds).toEqual(expect.arrayContaining([clinician.id, reception.id, admin.id]));
    for (const outsider of [otherClinician, patient, extras[0]!]) expect(memberIds).not.toContain(outsider.id);

    // A clinician of another department called in joins on opening it.
    const calledIn = await call<{ conversation: ConversationSummary }>(otherClinician, "POST", `/api/tickets/${threadTicketId}/thread`);
    expect([calledIn.status, calledIn.json.data?.conversation.id]).toEqual([200, thread.id]);
    expect((await call(otherClinician, "GET", `/api/conversations/${thread.id}`)).status).toBe(200);

    for (const path of [`/api/tickets/${UNKNOWN_ID}/thread`, "/api/tickets/not-a-ticket/thread"]) {
      const res = await call(reception, "POST", path);
      expect([path, res.status, res.json.error?.code]).toEqual([path, 404, "NOT_FOUND"]);
    }
    expect(await t.db.conversation.count({ where: { kind: "VISIT" } })).toBe(1);
  });
});

describe("unread counts", () => {
  it("count another member's messages until the reader marks them read over the socket", async () => {
    const reader = extras[5]!;
    const sender = extras[6]!;
    const readerSocket = await socketOf(reader);
    const received: MessageView[] = [];
    readerSocket.on("message:new", (message) => received.push(message));

    const created = await startDirect(sender, reader);
    expect(created.status).toBe(201);
    const id = created.json.data!.conversation.id;
    const before = await listOf(reader);
    expect(before.conversations.find((c) => c.id === id)?.unread).toBe(0);

    const senderSocket = await socketOf(sender);
    const sent: MessageView[] = [];
    for (const body of ["Can you cover room 2?", "From 3 pm", "Thanks!"]) sent.push(await sendOver(senderSocket, id, body));
    // The reader's socket joined the new conversation's room when it was created.
    await eventually(() => expect(received.filter((m) => m.conversationId === id).map((m) => m.seq)).toEqual([1, 2, 3]));

    const unread = await listOf(reader);
    expect(unread.conversations.find((c) => c.id === id)).toMatchObject({ unread: 3, lastReadSeq: 0, lastMessage: { seq: 3, preview: "Thanks!", senderName: sender.displayName } });
    expect(unread.totalUnread).toBeGreaterThanOrEqual(3);
    expect(unread.totalUnread).toBe(before.totalUnread + 3);
    // The sender's own messages are read for them.
    expect((await listOf(sender)).conversations.find((c) => c.id === id)).toMatchObject({ unread: 0, lastReadSeq: 3 });

    const ack = await dataOf(readerSocket.emitWithAck("conversation:read", { conversationId: id, seq: sent.at(-1)!.seq }));
    expect(ack).toEqual({ conversationId: id, lastReadSeq: 3, unread: 0 });

    const read = await listOf(reader);
    expect(read.conversations.find((c) => c.id === id)).toMatchObject({ unread: 0, lastReadSeq: 3 });
    expect(read.totalUnread).toBe(before.totalUnread);
  });
});

describe("leaving a conversation", () => {
  it("a member leaves a group: 200, their sockets stop getting its messages, their tabs hear of it, the others stay", async () => {
    const [leaver, stayer] = [extras[7]!, extras[8]!];
    const created = await startGroup(clinician, [leaver, stayer], "Handover");
    expect(created.status).toBe(201);
    const id = created.json.data!.conversation.id;
    const leaverSocket = await socketOf(leaver);
    const stayerSocket = await socketOf(stayer);
    const removed: { conversationId: string }[] = [];
    const leaverGot: MessageView[] = [];
    const stayerGot: MessageView[] = [];
    leaverSocket.on("conversation:removed", (event) => removed.push(event));
    leaverSocket.on("message:new", (message) => leaverGot.push(message));
    stayerSocket.on("message:new", (message) => stayerGot.push(message));
    const clinicianSocket = await socketOf(clinician);
    await sendOver(clinicianSocket, id, "Before");
    await eventually(() => expect(leaverGot.map((m) => m.body)).toContain("Before"));

    const res = await call<{ conversationId: string }>(leaver, "DELETE", `/api/conversations/${id}/members/me`);
    expect([res.status, res.json.data]).toEqual([200, { conversationId: id }]);
    await eventually(() => expect(removed).toEqual([{ conversationId: id }]));
    expect(await memberCount(id)).toBe(2);

    await sendOver(clinicianSocket, id, "After");
    await eventually(() => expect(stayerGot.map((m) => m.body)).toEqual(["Before", "After"]));
    expect(leaverGot.map((m) => m.body)).toEqual(["Before"]);
    expect((await listOf(leaver)).conversations.some((c) => c.id === id)).toBe(false);
    const read = await call(leaver, "GET", `/api/conversations/${id}`);
    expect([read.status, read.json.error?.code]).toEqual([403, "FORBIDDEN"]);

    // Leaving again: no longer a member.
    const again = await call(leaver, "DELETE", `/api/conversations/${id}/members/me`);
    expect([again.status, again.json.error?.code]).toEqual([403, "FORBIDDEN"]);
  });

  it("a direct conversation and the default channels cannot be left: 409 saying why, nobody removed", async () => {
    const direct = await startDirect(extras[9]!, clinician);
    expect([200, 201]).toContain(direct.status);
    const departmentChannel = await t.db.conversation.findUniqueOrThrow({ where: { departmentId }, select: { id: true } });
    for (const [id, message] of [
      [direct.json.data!.conversation.id, /direct conversation cannot be left/i],
      [allStaffId, /^Everyone on staff is in this channel/],
      [departmentChannel.id, /^Everyone on staff is in their department's channel/],
    ] as const) {
      const before = await memberCount(id);
      const res = await call(clinician, "DELETE", `/api/conversations/${id}/members/me`);
      expect([res.status, res.json.error?.code]).toEqual([409, "CONFLICT"]);
      expect(res.json.error?.message).toMatch(message);
      expect(await memberCount(id)).toBe(before);
    }
  });

  it("a non-member gets 403, an unknown or malformed id 404", async () => {
    const created = await startGroup(reception, [extras[0]!]);
    const id = created.json.data!.conversation.id;
    const byOutsider = await call(otherClinician, "DELETE", `/api/conversations/${id}/members/me`);
    expect([byOutsider.status, byOutsider.json.error?.code]).toEqual([403, "FORBIDDEN"]);
    expect(await memberCount(id)).toBe(2);
    for (const path of [`/api/conversations/${UNKNOWN_ID}/members/me`, "/api/conversations/not-a-uuid/members/me"]) {
      const res = await call(clinician, "DELETE", path);
      expect([path, res.status, res.json.error?.code]).toEqual([path, 404, "NOT_FOUND"]);
    }
  });
});
