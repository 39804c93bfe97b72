import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordingRealtime } from "../../tests/helpers/booking-fixtures.ts";
import { errorOf } from "../../tests/helpers/app-errors.ts";
import { createUser, type TestUser } from "../../tests/helpers/factories.ts";
import { createQueueClinic } from "../../tests/helpers/queue-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { createConversation, getConversationDetail, leaveConversation, listConversations, openVisitThread } from "./conversations.ts";
import { ensureDefaultChannels } from "./default-channels.ts";
import { acknowledgeMessage, sendMessage, type MessageDeps } from "./messages.ts";
import { sendMessageSchema } from "./rules.ts";

/** Leaving a conversation, against a real PostgreSQL: who may leave what, and what leaving undoes. */
let t: TestDatabase;
let realtime: ReturnType<typeof recordingRealtime>;
let deps: MessageDeps;
let ana: TestUser; // receptionist
let ben: TestUser; // clinician
let cy: TestUser; // admin
let patient: TestUser;
let departmentId: string;
let ticketId: string;

beforeAll(async () => {
  t = await createTestDatabase("leaveconv");
  realtime = recordingRealtime();
  deps = { db: t.db, realtime };
  const clinic = await createQueueClinic(t.db);
  departmentId = await clinic.newDepartment("L");
  [ticketId] = (await clinic.walkIns(departmentId, 1)) as [string];
  ana = clinic.reception;
  [ben, cy, patient] = await Promise.all([createUser(t.db, "CLINICIAN", { displayName: "Ben Okafor" }), createUser(t.db, "ADMIN", { displayName: "Cy Admin" }), createUser(t.db, "PATIENT")]);
  await ensureDefaultChannels(t.db);
});
afterAll(async () => {
  await t.drop();
});

const send = (user: TestUser, conversationId: string, body: string, urgent = false) =>
  sendMessage(deps, user, sendMessageSchema.parse({ conversationId, clientId: randomUUID(), body, urgent }));

async function group(creator: TestUser, others: TestUser[]): Promise<string> {
  return (await createConversation(deps, creator, { kind: "group", memberIds: others.map((u) => u.id) })).conversation.id;
}

const isMember = async (conversationId: string, user: TestUser) => (await t.db.conversationMember.count({ where: { conversationId, userId: user.id } })) === 1;
const removedEvents = (user: TestUser) => realtime.events.filter((e) => e.event === "conversation:removed" && e.room === `user:${user.id}`).map((e) => e.payload);

/** Everything a refused leave could have touched, to compare before and after. */
async function snapshot(conversationId: string) {
  return {
    members: await t.db.conversationMember.count({ where: { conversationId } }),
    acknowledgements: await t.db.urgentAcknowledgement.count({ where: { message: { conversationId } } }),
    leaves: realtime.leaves.length,
    events: realtime.events.length,
  };
}

describe("leaving a conversation", () => {
  it("takes the caller out of a group: the row goes, their sockets leave the room, their tabs hear of it", async () => {
    const id = await group(ana, [ben, cy]);
    expect(await leaveConversation(deps, ben, id)).toEqual({ conversationId: id });

    expect(await isMember(id, ben)).toBe(false);
    expect(await isMember(id, ana)).toBe(true);
    expect(await isMember(id, cy)).toBe(true);
    expect(realtime.leaves.at(-1)).toEqual({ userIds: [ben.id], room: `conversation:${id}` });
    expect(removedEvents(ben)).toContainEqual({ conversationId: id });
    // Only the leaver is told; the others keep the conversation.
    expect(realtime.events.filter((e) => e.event === "conversation:removed" && e.room !== `user:${ben.id}`)).toEqual([]);
  });

  it("the one who left no longer sees it, cannot read it and cannot send to it", async () => {
    const id = await group(ana, [ben]);
    await send(ana, id, "Before you go");
    await leaveConversation(deps, ben, id);

    const list = await listConversations(t.db, ben);
    expect(list.conversations.map((c) => c.id)).not.toContain(id);
    expect(await errorOf(getConversationDetail(t.db, ben, id))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(send(ben, id, "Still here?"))).toMatchObject({ code: "FORBIDDEN" });
    expect(await t.db.message.count({ where: { conversationId: id, senderId: ben.id } })).toBe(0);
    // The rest carry on.
    expect((await send(ana, id, "Carrying on")).message.seq).toBe(2);
  });

  it("drops the urgent messages still waiting for the leaver's acknowledgement, and only those", async () => {
    const id = await group(ana, [ben, cy]);
    const acknowledged = (await send(ana, id, "Fire drill at 3", true)).message;
    const pending = (await send(ana, id, "Code blue, room 4", true)).message;
    await acknowledgeMessage(deps, ben, acknowledged.id);
    expect((await listConversations(t.db, ben)).pendingUrgent).toBeGreaterThanOrEqual(1);

    await leaveConversation(deps, ben, id);

    expect(await t.db.urgentAcknowledgement.count({ where: { messageId: pending.id, userId: ben.id } })).toBe(0);
    // What was acknowledged stays on record, and the others still have to acknowledge.
    expect(await t.db.urgentAcknowledgement.findUnique({ where: { messageId_userId: { messageId: acknowledged.id, userId: ben.id } } })).toMatchObject({ acknowledgedAt: expect.any(Date) });
    expect(await t.db.urgentAcknowledgement.count({ where: { message: { conversationId: id }, userId: cy.id, acknowledgedAt: null } })).toBe(2);
    expect((await listConversations(t.db, ben)).pendingUrgent).toBe(0);
  });

  it("keeps a group that everyone has left", async () => {
    const id = await group(ana, [ben]);
    await send(ben, id, "Done for today");
    await leaveConversation(deps, ana, id);
    await leaveConversation(deps, ben, id);
    expect(await t.db.conversationMember.count({ where: { conversationId: id } })).toBe(0);
    expect(await t.db.conversation.count({ where: { id } })).toBe(1);
    expect(await t.db.message.count({ where: { conversationId: id } })).toBe(1);
  });

  it("lets a member leave a channel an admin created", async () => {
    const { conversation } = await createConversation(deps, cy, { kind: "channel", name: "Night shift", memberIds: [ben.id] });
    await leaveConversation(deps, ben, conversation.id);
    expect(await isMember(conversation.id, ben)).toBe(false);
    expect(removedEvents(ben)).toContainEqual({ conversationId: conversation.id });
    // Listing (which puts people back in the default channels) does not put them back in this one.
    expect((await listConversations(t.db, ben)).conversations.map((c) => c.id)).not.toContain(conversation.id);
  });

  it("lets staff leave a visit thread, and opening it from the board again re-joins", async () => {
    const { conversation } = await openVisitThread(deps, ana, ticketId);
    await leaveConversation(deps, ana, conversation.id);
    expect(await isMember(conversation.id, ana)).toBe(false);
    expect(realtime.leaves.at(-1)).toEqual({ userIds: [ana.id], room: `conversation:${conversation.id}` });

    const again = await openVisitThread(deps, ana, ticketId);
    expect(again).toMatchObject({ created: false, conversation: { id: conversation.id } });
    expect(await isMember(conversation.id, ana)).toBe(true);
  });
});

describe("what cannot be left", () => {
  it("a direct conversation: 409, and nothing is written", async () => {
    const { conversation } = await createConversation(deps, ana, { kind: "direct", userId: ben.id });
    await send(ana, conversation.id, "Quick question", true);
    const before = await snapshot(conversation.id);
    const error = await errorOf(leaveConversation(deps, ben, conversation.id));
    expect(error).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/direct conversation cannot be left/i) });
    expect(await snapshot(conversation.id)).toEqual(before);
  });

  it("the All staff channel and a department's channel: 409 saying why, and nothing is written", async () => {
    const allStaff = await t.db.conversation.findUniqueOrThrow({ where: { systemKey: "all-staff" }, select: { id: true } });
    const department = await t.db.conversation.findUniqueOrThrow({ where: { departmentId }, select: { id: true } });
    for (const [id, message] of [
      [allStaff.id, /^Everyone on staff is in this channel/],
      [department.id, /^Everyone on staff is in their department's channel/],
    ] as const) {
      await send(cy, id, "Staff meeting moved", true);
      const before = await snapshot(id);
      expect(await errorOf(leaveConversation(deps, ana, id))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(message) });
      expect(await snapshot(id)).toEqual(before);
      expect(await isMember(id, ana)).toBe(true);
    }
  });

  it("a conversation the caller is not in is 403, an unknown or malformed id 404, a patient 403; nothing is written", async () => {
    const id = await group(ana, [ben]);
    const before = await snapshot(id);
    expect(await errorOf(leaveConversation(deps, cy, id))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(leaveConversation(deps, patient, id))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(leaveConversation(deps, ana, randomUUID()))).toMatchObject({ code: "NOT_FOUND" });
    expect(await errorOf(leaveConversation(deps, ana, "not-an-id"))).toMatchObject({ code: "NOT_FOUND" });
    expect(await snapshot(id)).toEqual(before);
  });
});
