import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordingRealtime } from "../../tests/helpers/booking-fixtures.ts";
import { errorOf } from "../../tests/helpers/app-errors.ts";
import { createUser, type TestUser } from "../../tests/helpers/factories.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";
import { buildLimiter } from "../auth/rate-limit.ts";
import { addMembers, createConversation, getConversationDetail, listConversations } from "./conversations.ts";
import { ensureDefaultChannels } from "./default-channels.ts";
import { acknowledgeMessage, deleteMessage, editMessage, listMessages, markRead, sendMessage, syncConversation, type MessageDeps } from "./messages.ts";
import { sendMessageSchema } from "./rules.ts";
import { sendUrgentReminders } from "./urgent-reminders.ts";

/** Staff messaging services against a real PostgreSQL: what is saved, in what order, for whom. */
let t: TestDatabase;
let realtime: ReturnType<typeof recordingRealtime>;
let deps: MessageDeps;
let ana: TestUser; // receptionist
let ben: TestUser; // clinician
let cy: TestUser; // admin
let patient: TestUser;

beforeAll(async () => {
  t = await createTestDatabase("messaging");
  realtime = recordingRealtime();
  deps = { db: t.db, realtime };
  [ana, ben, cy, patient] = await Promise.all([
    createUser(t.db, "RECEPTIONIST", { displayName: "Ana Ruiz" }),
    createUser(t.db, "CLINICIAN", { displayName: "Ben Okafor" }),
    createUser(t.db, "ADMIN", { displayName: "Cy Admin" }),
    createUser(t.db, "PATIENT"),
  ]);
});
afterAll(async () => {
  await t.drop();
});

const send = (user: TestUser, conversationId: string, body: string, extra: { clientId?: string; urgent?: boolean } = {}) =>
  sendMessage(deps, user, sendMessageSchema.parse({ conversationId, clientId: extra.clientId ?? randomUUID(), body, urgent: extra.urgent }));

/** A new two-person conversation each time (a direct conversation would be shared between tests). */
async function direct(a: TestUser, b: TestUser): Promise<string> {
  return (await createConversation(deps, a, { kind: "group", memberIds: [b.id] })).conversation.id;
}

describe("sending", () => {
  it("saves the message before answering, numbered in the conversation, and pushes it to the conversation's room", async () => {
    const id = await direct(ana, ben);
    const { message, duplicate } = await send(ana, id, "  Room 3 needs a translator  ");
    expect(duplicate).toBe(false);
    const row = await t.db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row).toMatchObject({ conversationId: id, senderId: ana.id, body: "Room 3 needs a translator", seq: message.seq, eventSeq: message.seq });
    expect(message.sender).toEqual({ id: ana.id, displayName: "Ana Ruiz" });
    const pushed = realtime.events.filter((e) => e.event === "message:new" && e.room === `conversation:${id}`);
    expect(pushed.map((e) => (e.payload as { id: string }).id)).toContain(message.id);
  });

  it("returns the first message when the same clientId is sent again, without a second row or push", async () => {
    const id = await direct(ana, cy);
    const clientId = randomUUID();
    const first = await send(ana, id, "Lunch at 1?", { clientId });
    const pushesBefore = realtime.events.filter((e) => e.event === "message:new").length;
    const retry = await send(ana, id, "Lunch at 1?", { clientId });
    expect(retry).toEqual({ message: first.message, duplicate: true, kind: "group" });
    expect(await t.db.message.count({ where: { senderId: ana.id, clientId } })).toBe(1);
    expect(realtime.events.filter((e) => e.event === "message:new").length).toBe(pushesBefore);
  });

  it("keeps one message when many retries of it race each other", async () => {
    const id = await direct(ben, cy);
    const clientId = randomUUID();
    const results = await Promise.all(Array.from({ length: 12 }, () => send(ben, id, "Same message", { clientId })));
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate).length).toBe(1);
    expect(await t.db.message.count({ where: { conversationId: id } })).toBe(1);
    expect((await t.db.conversation.findUniqueOrThrow({ where: { id } })).lastEventSeq).toBe(1);
  });

  it("refuses a clientId already used in another conversation", async () => {
    const [one, two] = [await direct(cy, ana), await direct(cy, ben)];
    const clientId = randomUUID();
    await send(cy, one, "first", { clientId });
    expect(await errorOf(send(cy, two, "second", { clientId }))).toMatchObject({ code: "CONFLICT" });
    expect(await t.db.message.count({ where: { conversationId: two } })).toBe(0);
  });

  it("gives concurrent messages from many members one gap-free order, the same for everyone", async () => {
    const members = await Promise.all(Array.from({ length: 8 }, (_, i) => createUser(t.db, "CLINICIAN", { displayName: `Racer ${i}` })));
    const { conversation } = await createConversation(deps, members[0]!, { kind: "group", memberIds: members.slice(1).map((m) => m.id) });
    await Promise.all(members.flatMap((m, i) => Array.from({ length: 5 }, (_, k) => send(m, conversation.id, `m${i}-${k}`))));
    const rows = await t.db.message.findMany({ where: { conversationId: conversation.id }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const page = await listMessages(t.db, members[3]!, conversation.id, { limit: 100 });
    expect(page.messages.map((m) => m.id)).toEqual(rows.map((r) => r.id));
  });

  it("refuses empty, over-long and control-character text with the field named, and writes nothing", () => {
    const base = { conversationId: randomUUID(), clientId: "c1" };
    for (const [body, problem] of [
      ["   \n ", "must not be empty"],
      ["x".repeat(4001), "must be at most 4000 characters"],
      ["nul\u0000byte", "must not contain control characters"],
    ] as const) {
      const parsed = sendMessageSchema.safeParse({ ...base, body });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((i) => [i.path.join("."), i.message])).toContainEqual(["body", problem]);
    }
    expect(sendMessageSchema.parse({ ...base, body: "é".repeat(4000) }).body).toHaveLength(4000);
  });

  it("the database itself refuses an empty or over-long body", async () => {
    const id = await direct(ana, ben);
    for (const body of ["", " ", "y".repeat(4001)]) {
      await expect(
        t.db.message.create({ data: { conversationId: id, seq: 999, eventSeq: 999, senderId: ana.id, clientId: randomUUID(), body } }),
      ).rejects.toThrow();
    }
  });

  it("keeps HTML as the text that was typed", async () => {
    const id = await direct(ana, ben);
    const body = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"`;
    const { message } = await send(ana, id, body);
    expect(message.body).toBe(body);
    expect((await listMessages(t.db, ben, id, { limit: 1 })).messages[0]!.body).toBe(body);
  });

  it("refuses patients, non-members and unknown conversations before writing anything", async () => {
    const id = await direct(ana, ben);
    const before = await t.db.message.count();
    expect(await errorOf(send(patient, id, "hello"))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(send(cy, id, "hello"))).toMatchObject({ code: "FORBIDDEN", message: "You are not a member of this conversation." });
    expect(await errorOf(send(cy, randomUUID(), "hello"))).toMatchObject({ code: "NOT_FOUND" });
    expect(await t.db.message.count()).toBe(before);
    expect((await t.db.conversation.findUniqueOrThrow({ where: { id } })).lastEventSeq).toBe(0);
  });

  it("limits how fast one person can send", async () => {
    const id = await direct(cy, ana);
    const limited: MessageDeps = { ...deps, sendLimiter: buildLimiter(3, 60, `test-${randomUUID()}`, null) };
    for (let i = 0; i < 3; i++) await sendMessage(limited, cy, sendMessageSchema.parse({ conversationId: id, clientId: randomUUID(), body: `ok ${i}` }));
    const refused = await errorOf(sendMessage(limited, cy, sendMessageSchema.parse({ conversationId: id, clientId: randomUUID(), body: "too many" })));
    expect(refused.code).toBe("RATE_LIMITED");
    expect(await t.db.message.count({ where: { conversationId: id, senderId: cy.id } })).toBe(3);
  });

  it("does not count refused sends against the limit", async () => {
    const id = await direct(ben, ana);
    const notMine = await direct(ana, cy);
    const limited: MessageDeps = { ...deps, sendLimiter: buildLimiter(2, 60, `test-${randomUUID()}`, null) };
    const attempt = (conversationId: string) => sendMessage(limited, ben, sendMessageSchema.parse({ conversationId, clientId: randomUUID(), body: "hello" }));
    for (let i = 0; i < 5; i++) expect((await errorOf(attempt(notMine))).code).toBe("FORBIDDEN");
    await attempt(id);
    await attempt(id);
    expect((await errorOf(attempt(id))).code).toBe("RATE_LIMITED");
  });
});

describe("editing and deleting", () => {
  it("edits one's own message: new text, edited mark, a higher eventSeq, pushed as message:updated", async () => {
    const id = await direct(ana, ben);
    const { message } = await send(ana, id, "See you at 10");
    const edited = await editMessage(deps, ana, message.id, "See you at 11");
    expect(edited).toMatchObject({ id: message.id, seq: message.seq, body: "See you at 11" });
    expect(edited.editedAt).not.toBeNull();
    expect(edited.eventSeq).toBeGreaterThan(message.eventSeq);
    expect(realtime.events.at(-1)).toMatchObject({ event: "message:updated", room: `conversation:${id}` });
  });

  it("deletes one's own message: it keeps its place with no text; it cannot be edited afterwards", async () => {
    const id = await direct(ana, ben);
    const { message } = await send(ana, id, "Wrong chat, sorry");
    const deleted = await deleteMessage(deps, ana, message.id);
    expect(deleted).toMatchObject({ id: message.id, seq: message.seq, body: "" });
    expect(deleted.deletedAt).not.toBeNull();
    expect(await errorOf(editMessage(deps, ana, message.id, "again"))).toMatchObject({ code: "CONFLICT" });
  });

  it("refuses to change someone else's message or an unknown one", async () => {
    const id = await direct(ana, ben);
    const { message } = await send(ana, id, "Mine");
    expect(await errorOf(editMessage(deps, ben, message.id, "Yours now"))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(deleteMessage(deps, ben, message.id))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(deleteMessage(deps, cy, message.id))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(deleteMessage(deps, ana, randomUUID()))).toMatchObject({ code: "NOT_FOUND" });
    expect((await t.db.message.findUniqueOrThrow({ where: { id: message.id } })).body).toBe("Mine");
  });
});

describe("read state", () => {
  it("counts unread messages from others, moves only forward, and tells the other member (receipts)", async () => {
    const id = await direct(ana, ben);
    await send(ana, id, "one");
    await send(ana, id, "two");
    const { message: third } = await send(ana, id, "three");
    await send(ben, id, "mine does not count");
    const listed = (await listConversations(t.db, ben)).conversations.find((c) => c.id === id)!;
    // Ben's own message counts as read up to it.
    expect(listed.unread).toBe(0);

    const id2 = await direct(cy, ben);
    const sent = [];
    for (const body of ["a", "b", "c"]) sent.push((await send(cy, id2, body)).message);
    expect((await listConversations(t.db, ben)).conversations.find((c) => c.id === id2)!.unread).toBe(3);
    const read = await markRead(deps, ben, id2, sent[1]!.seq);
    expect(read).toEqual({ conversationId: id2, lastReadSeq: sent[1]!.seq, unread: 1 });
    expect(realtime.events.at(-1)).toEqual({ event: "conversation:read", room: `conversation:${id2}`, payload: { conversationId: id2, userId: ben.id, lastReadSeq: sent[1]!.seq } });
    expect(await markRead(deps, ben, id2, 0)).toMatchObject({ lastReadSeq: sent[1]!.seq, unread: 1 });
    expect(await markRead(deps, ben, id2, 10_000)).toMatchObject({ lastReadSeq: sent[2]!.seq, unread: 0 });
    const detail = await getConversationDetail(t.db, cy, id2);
    expect(detail.members.find((m) => m.id === ben.id)!.lastReadSeq).toBe(sent[2]!.seq);
    expect(third.seq).toBeGreaterThan(0);
  });

  it("does not count deleted messages as unread", async () => {
    const id = await direct(cy, ana);
    const { message } = await send(cy, id, "oops");
    await send(cy, id, "real");
    await deleteMessage(deps, cy, message.id);
    expect((await listConversations(t.db, ana)).conversations.find((c) => c.id === id)!.unread).toBe(1);
  });

  it("totals unread over all conversations", async () => {
    const dana = await createUser(t.db, "RECEPTIONIST", { displayName: "Dana Unread" });
    const [x, y] = [await direct(ana, dana), await direct(ben, dana)];
    await send(ana, x, "1");
    await send(ben, y, "2");
    await send(ben, y, "3");
    const list = await listConversations(t.db, dana);
    expect(list.totalUnread).toBe(3);
  });
});

describe("conversations", () => {
  it("has one direct conversation per pair, whoever starts it, even when both start it at once", async () => {
    const [p, q] = await Promise.all([createUser(t.db, "CLINICIAN"), createUser(t.db, "RECEPTIONIST")]);
    const results = await Promise.all([
      createConversation(deps, p, { kind: "direct", userId: q.id }),
      createConversation(deps, q, { kind: "direct", userId: p.id }),
      createConversation(deps, p, { kind: "direct", userId: q.id }),
    ]);
    expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.find((r) => r.created)!.conversation.title).not.toBe("");
  });

  it("refuses a direct message with oneself or a patient, and a group over ten people", async () => {
    expect(await errorOf(createConversation(deps, ana, { kind: "direct", userId: ana.id }))).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await errorOf(createConversation(deps, ana, { kind: "direct", userId: patient.id }))).toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "userId" }] });
    const many = await Promise.all(Array.from({ length: 10 }, () => createUser(t.db, "CLINICIAN")));
    expect(await errorOf(createConversation(deps, ana, { kind: "group", memberIds: many.map((m) => m.id) }))).toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "memberIds" }] });
    const { conversation } = await createConversation(deps, ana, { kind: "group", memberIds: many.slice(0, 8).map((m) => m.id), name: "Flu clinic" });
    expect(conversation).toMatchObject({ kind: "group", title: "Flu clinic", memberCount: 9 });
    expect(await errorOf(addMembers(deps, ana, conversation.id, { userIds: many.slice(8).map((m) => m.id) }))).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await t.db.conversationMember.count({ where: { conversationId: conversation.id } })).toBe(9);
    await addMembers(deps, ana, conversation.id, { userIds: [many[8]!.id] });
    expect(await t.db.conversationMember.count({ where: { conversationId: conversation.id } })).toBe(10);
    // Naming oneself (or someone twice) does not count against the limit.
    const withSelf = await createConversation(deps, ana, { kind: "group", memberIds: [ana.id, ...many.slice(0, 9).map((m) => m.id), many[0]!.id] });
    expect(withSelf.conversation.memberCount).toBe(10);
  });

  it("lets only admins create channels, and tells new members' sockets to join", async () => {
    expect(await errorOf(createConversation(deps, ben, { kind: "channel", name: "Night shift" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(createConversation(deps, patient, { kind: "direct", userId: ana.id }))).toMatchObject({ code: "FORBIDDEN" });
    const { conversation } = await createConversation(deps, cy, { kind: "channel", name: "Night shift", memberIds: [ben.id] });
    expect(realtime.joins.at(-1)).toEqual({ userIds: [cy.id, ben.id], room: `conversation:${conversation.id}` });
    expect(realtime.events.filter((e) => e.event === "conversation:added" && e.room === `user:${ben.id}`).map((e) => (e.payload as { id: string }).id)).toContain(conversation.id);
  });

  it("creates the all-staff channel and one per department, with staff (not patients) in them", async () => {
    const location = await t.db.location.create({ data: { name: `Loc ${randomUUID()}`, timeZone: "Europe/Berlin" } });
    const dept = await t.db.department.create({ data: { locationId: location.id, name: "Dermatology" } });
    const derm = await createUser(t.db, "CLINICIAN", { displayName: "Derm Doc" });
    await t.db.clinician.create({ data: { userId: derm.id, departmentId: dept.id, room: "Room 9" } });
    await ensureDefaultChannels(t.db);
    await ensureDefaultChannels(t.db); // idempotent
    const channels = await t.db.conversation.findMany({ where: { kind: "CHANNEL", OR: [{ systemKey: "all-staff" }, { departmentId: dept.id }] }, include: { members: true } });
    expect(channels).toHaveLength(2);
    const all = channels.find((c) => c.systemKey === "all-staff")!;
    const deptChannel = channels.find((c) => c.departmentId === dept.id)!;
    expect(deptChannel.name).toBe("Dermatology");
    const ids = (c: typeof all) => c.members.map((m) => m.userId);
    expect(ids(all)).toEqual(expect.arrayContaining([ana.id, ben.id, cy.id, derm.id]));
    expect(ids(all)).not.toContain(patient.id);
    expect(ids(deptChannel)).toEqual(expect.arrayContaining([ana.id, cy.id, derm.id]));
    expect(ids(deptChannel)).not.toContain(ben.id); // a clinician of no/another department
  });

  it("opens a channel for a department added while running, when its staff next look", async () => {
    const location = await t.db.location.findFirstOrThrow();
    const dept = await t.db.department.create({ data: { locationId: location.id, name: "Cardiology" } });
    const cardio = await createUser(t.db, "CLINICIAN", { displayName: "Cardio Doc" });
    await t.db.clinician.create({ data: { userId: cardio.id, departmentId: dept.id, room: "Room 12" } });
    const titles = (await listConversations(t.db, cardio)).conversations.map((c) => [c.title, c.departmentId]);
    expect(titles).toContainEqual(["Cardiology", dept.id]);
  });
});

describe("mentions and urgent messages", () => {
  it("records members mentioned by @name (not partial names, not non-members)", async () => {
    const anna = await createUser(t.db, "CLINICIAN", { displayName: "Ana Ruizova" });
    const { conversation } = await createConversation(deps, cy, { kind: "group", memberIds: [ana.id, ben.id, anna.id] });
    const { message } = await send(cy, conversation.id, "@ben okafor and @Ana Ruiz, please see room 2 (not @Nobody)");
    expect(message.mentionIds.sort()).toEqual([ana.id, ben.id].sort());
    const mentionsAnna = await send(cy, conversation.id, "@Ana Ruizova too");
    expect(mentionsAnna.message.mentionIds).toEqual([anna.id]);
    const ben2 = (await listConversations(t.db, ben)).conversations.find((c) => c.id === conversation.id)!;
    expect(ben2.unreadMentions).toBe(1);
  });

  it("pins an urgent message for each recipient until they acknowledge it; the sender sees who has", async () => {
    const { conversation } = await createConversation(deps, ana, { kind: "group", memberIds: [ben.id, cy.id] });
    const { message } = await send(ana, conversation.id, "Code blue in room 4", { urgent: true });
    expect(message.acknowledgements!.map((a) => [a.userId, a.acknowledgedAt])).toEqual(
      expect.arrayContaining([
        [ben.id, null],
        [cy.id, null],
      ]),
    );
    expect((await getConversationDetail(t.db, ben, conversation.id)).pinned.map((m) => m.id)).toEqual([message.id]);
    expect((await getConversationDetail(t.db, ana, conversation.id)).pinned).toEqual([]);

    const ack = await acknowledgeMessage(deps, ben, message.id);
    expect(ack).toMatchObject({ messageId: message.id, userId: ben.id });
    expect(realtime.events.at(-1)).toMatchObject({ event: "message:acknowledged", room: `conversation:${conversation.id}` });
    expect(await acknowledgeMessage(deps, ben, message.id)).toEqual(ack); // repeat is harmless
    expect((await getConversationDetail(t.db, ben, conversation.id)).pinned).toEqual([]);
    expect(await errorOf(acknowledgeMessage(deps, ana, message.id))).toMatchObject({ code: "CONFLICT" });
    const [view] = (await listMessages(t.db, ana, conversation.id, { limit: 1 })).messages;
    expect(view!.acknowledgements!.find((a) => a.userId === ben.id)!.acknowledgedAt).toBe(ack.acknowledgedAt);
    expect(view!.acknowledgements!.find((a) => a.userId === cy.id)!.acknowledgedAt).toBeNull();
  });

  it("reminds recipients who have not acknowledged, once per interval", async () => {
    const { conversation } = await createConversation(deps, ben, { kind: "group", memberIds: [ana.id, cy.id] });
    const { message } = await send(ben, conversation.id, "Fire drill at 3", { urgent: true });
    await acknowledgeMessage(deps, cy, message.id);
    await t.db.urgentAcknowledgement.updateMany({ where: { messageId: message.id }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });
    const before = realtime.events.length;
    expect(await sendUrgentReminders(deps, 60_000)).toBeGreaterThanOrEqual(1);
    const reminders = realtime.events.slice(before).filter((e) => e.event === "urgent:reminder");
    expect(reminders.map((e) => e.room)).toContain(`user:${ana.id}`);
    expect(reminders.map((e) => e.room)).not.toContain(`user:${cy.id}`);
    const again = realtime.events.length;
    await sendUrgentReminders(deps, 60_000);
    expect(realtime.events.slice(again).filter((e) => e.event === "urgent:reminder" && e.room === `user:${ana.id}`)).toHaveLength(0);
  });
});

describe("history and catch-up", () => {
  it("pages back by cursor and jumps forward from a read pointer", async () => {
    const id = await direct(ben, ana);
    const seqs: number[] = [];
    for (let i = 1; i <= 7; i++) seqs.push((await send(ben, id, `n${i}`)).message.seq);
    const latest = await listMessages(t.db, ana, id, { limit: 3 });
    expect(latest.messages.map((m) => m.body)).toEqual(["n5", "n6", "n7"]);
    expect(latest.newerCursor).toBeNull();
    expect((await listMessages(t.db, ana, id, { before: seqs[6]! + 1, limit: 3 })).newerCursor).toBeNull();
    const older = await listMessages(t.db, ana, id, { before: latest.olderCursor!, limit: 3 });
    expect(older.messages.map((m) => m.body)).toEqual(["n2", "n3", "n4"]);
    const oldest = await listMessages(t.db, ana, id, { before: older.olderCursor!, limit: 3 });
    expect(oldest.messages.map((m) => m.body)).toEqual(["n1"]);
    expect(oldest.olderCursor).toBeNull();
    const firstUnread = await listMessages(t.db, ana, id, { after: seqs[1]!, limit: 2 });
    expect(firstUnread.messages.map((m) => m.body)).toEqual(["n3", "n4"]);
    expect(firstUnread.newerCursor).toBe(seqs[3]);
    expect(firstUnread.olderCursor).toBe(seqs[2]);
  });

  it("returns exactly what changed after a client's last event: new, edited and deleted messages", async () => {
    const id = await direct(cy, ben);
    const { message: seen } = await send(cy, id, "seen before the disconnect");
    const { message: editedLater } = await send(cy, id, "also seen");
    const mark = editedLater.eventSeq;
    const { message: missed1 } = await send(cy, id, "missed 1");
    await editMessage(deps, cy, editedLater.id, "also seen, then edited");
    await deleteMessage(deps, cy, seen.id);
    const { message: missed2 } = await send(cy, id, "missed 2");
    const sync = await syncConversation(t.db, ben, id, mark);
    expect(sync.messages.map((m) => [m.id, m.body])).toEqual([
      [missed1.id, "missed 1"],
      [editedLater.id, "also seen, then edited"],
      [seen.id, ""],
      [missed2.id, "missed 2"],
    ]);
    expect(sync.lastEventSeq).toBe(missed2.eventSeq);
    expect(sync.hasMore).toBe(false);
    expect((await syncConversation(t.db, ben, id, sync.lastEventSeq)).messages).toEqual([]);
    expect(await errorOf(syncConversation(t.db, ana, id, 0))).toMatchObject({ code: "FORBIDDEN" });
  });
});
