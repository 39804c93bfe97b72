import { describe, expect, it } from "vitest";
import { conversationAdded, conversationRemoved, messageArrived, messageUpdated, readAcknowledged, readMoved, totalUnread, urgentAcknowledged, visitThread, type Inbox } from "./inbox.ts";
import { aConversation as conversation, aMessage } from "./test-fixtures.ts";
import type { Message } from "./wire.ts";

function message(conversationId: string, seq: number, overrides: Partial<Message> = {}): Message {
  return aMessage(seq, { id: `${conversationId}-${seq}`, conversationId, createdAt: "2026-11-22T11:00:00.000Z", ...overrides });
}

const inbox: Inbox = [conversation("a"), conversation("b")];

describe("the live inbox", () => {
  it("counts a message from someone else once and moves its conversation to the top", () => {
    let change = messageArrived(inbox, message("b", 4, { mentionIds: ["me"] }), "me", false);
    change = messageArrived(change.inbox, message("b", 4, { mentionIds: ["me"] }), "me", false);
    expect(change.reread).toBe(false);
    expect(change.inbox.map((c) => c.id)).toEqual(["b", "a"]);
    expect(change.inbox[0]).toMatchObject({ unread: 1, unreadMentions: 1, lastEventSeq: 4, lastMessage: { seq: 4, preview: "message 4", senderName: "Dana" } });
    expect(totalUnread(change.inbox)).toBe(1);
  });

  it("does not count one's own messages, nor messages read as they arrive", () => {
    const own = messageArrived(inbox, message("a", 4, { sender: { id: "me", displayName: "Me" } }), "me", false).inbox;
    expect(own[0]).toMatchObject({ unread: 0, lastReadSeq: 4 });
    const open = messageArrived(inbox, message("a", 4), "me", true).inbox;
    expect(totalUnread(open)).toBe(0);
  });

  it("counts urgent messages waiting for acknowledgement, and lets an acknowledgement take one off", () => {
    const urgent = messageArrived(inbox, message("a", 4, { urgent: true }), "me", true).inbox;
    expect(urgent[0]?.pendingUrgent).toBe(1);
    const acknowledged = urgentAcknowledged(urgent, "a");
    expect(acknowledged[0]?.pendingUrgent).toBe(0);
    expect(urgentAcknowledged(acknowledged, "a")).toBe(acknowledged);
  });

  it("asks for a re-read for a conversation it does not know", () => {
    expect(messageArrived(inbox, message("z", 1), "me", false)).toEqual({ inbox, reread: true });
  });

  it("follows edits and deletions of the last message in the preview", () => {
    const edited = messageUpdated(inbox, message("a", 3, { eventSeq: 5, body: "", deletedAt: "2026-11-22T11:00:00.000Z" }));
    expect(edited[0]?.lastMessage).toMatchObject({ deleted: true, preview: "" });
    expect(messageUpdated(inbox, message("a", 2, { eventSeq: 5 }))).toBe(inbox);
  });

  it("clears the count when read to the end, and asks for a re-read when read part way", () => {
    const unread = messageArrived(messageArrived(inbox, message("a", 4), "me", false).inbox, message("a", 5), "me", false).inbox;
    expect(totalUnread(unread)).toBe(2);
    const partWay = readMoved(unread, { conversationId: "a", userId: "me", lastReadSeq: 4 });
    expect(partWay.reread).toBe(true);
    const all = readMoved(unread, { conversationId: "a", userId: "me", lastReadSeq: 5 });
    expect(all.reread).toBe(false);
    expect(totalUnread(all.inbox)).toBe(0);
    expect(readMoved(all.inbox, { conversationId: "a", userId: "me", lastReadSeq: 2 }).inbox).toBe(all.inbox);
  });

  it("takes the server's count from its own read's answer", () => {
    const unread = messageArrived(inbox, message("a", 4), "me", false).inbox;
    expect(totalUnread(readAcknowledged(unread, { conversationId: "a", lastReadSeq: 4, unread: 0 }))).toBe(0);
  });

  it("adds a new conversation once, and finds a ticket's visit thread", () => {
    const visit = conversation("v", { kind: "visit", ticket: { id: "t1", code: "G-001", departmentId: "d" }, unread: 2 });
    const added = conversationAdded(conversationAdded(inbox, visit), visit);
    expect(added.map((c) => c.id)).toEqual(["v", "a", "b"]);
    expect(visitThread(added, "t1")?.id).toBe("v");
    expect(visitThread(added, "t2")).toBeUndefined();
    expect(totalUnread(added)).toBe(2);
  });

  it("drops a conversation the user left, with its unread count, and ignores one it does not have", () => {
    const unread = messageArrived(inbox, message("a", 4), "me", false).inbox;
    const left = conversationRemoved(unread, "a");
    expect(left.map((c) => c.id)).toEqual(["b"]);
    expect(totalUnread(left)).toBe(0);
    expect(conversationRemoved(left, "a")).toBe(left);
    // A message that was on its way when the user left asks for a re-read instead of bringing it back.
    expect(messageArrived(left, message("a", 5), "me", false)).toEqual({ inbox: left, reread: true });
  });
});
