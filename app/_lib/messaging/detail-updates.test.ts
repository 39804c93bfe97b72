import { describe, expect, it } from "vitest";
import { refreshedDetail, withAcknowledgement, withPinnedVersion, withReadPointer } from "./detail-updates.ts";
import { aConversation, aMessage } from "./test-fixtures.ts";
import type { Detail, Message } from "./wire.ts";

function urgent(seq: number, overrides: Partial<Message> = {}): Message {
  return aMessage(seq, {
    clientId: `c${seq}`,
    body: "Room 3 needs help",
    urgent: true,
    acknowledgements: [{ userId: "me", displayName: "Me", acknowledgedAt: null }],
    ...overrides,
  });
}

function detail(overrides: Partial<Detail> = {}): Detail {
  return {
    conversation: aConversation("c1", { kind: "group", title: "Front desk", lastEventSeq: 5, lastMessage: null, lastReadSeq: 5 }),
    members: [
      { id: "me", displayName: "Me", role: "RECEPTIONIST", lastReadSeq: 5 },
      { id: "dana", displayName: "Dana", role: "CLINICIAN", lastReadSeq: 3 },
    ],
    pinned: [],
    canAddMembers: true,
    ...overrides,
  };
}

describe("the open conversation's detail", () => {
  it("moves read pointers forward only", () => {
    const moved = withReadPointer(detail(), { userId: "dana", lastReadSeq: 5 });
    expect(moved.members[1]?.lastReadSeq).toBe(5);
    expect(withReadPointer(moved, { userId: "dana", lastReadSeq: 4 })).toBe(moved);
    expect(withReadPointer(moved, { userId: "nobody", lastReadSeq: 9 })).toBe(moved);
  });

  it("keeps pointers seen live when a re-read answer is older", () => {
    const live = withReadPointer(detail(), { userId: "dana", lastReadSeq: 7 });
    const reread = refreshedDetail(live, detail({ canAddMembers: false }));
    expect(reread.members[1]?.lastReadSeq).toBe(7);
    expect(reread.canAddMembers).toBe(false);
  });

  it("pins a new urgent message for its recipients, and follows its edits", () => {
    const pinned = withPinnedVersion(detail(), urgent(6), "me");
    expect(pinned.pinned.map((m) => m.id)).toEqual(["m6"]);
    expect(withPinnedVersion(detail(), urgent(6), "dana").pinned).toEqual([]);
    const edited = withPinnedVersion(pinned, urgent(6, { eventSeq: 8, body: "Room 4 needs help" }), "me");
    expect(edited.pinned[0]?.body).toBe("Room 4 needs help");
    expect(withPinnedVersion(edited, urgent(6), "me")).toBe(edited);
  });

  it("records an acknowledgement on the pinned copy", () => {
    const pinned = withPinnedVersion(detail(), urgent(6), "me");
    const acknowledged = withAcknowledgement(pinned, { conversationId: "c1", messageId: "m6", userId: "me", displayName: "Me", acknowledgedAt: "2026-11-22T10:01:00.000Z" });
    expect(acknowledged.pinned[0]?.acknowledgements?.[0]?.acknowledgedAt).toBe("2026-11-22T10:01:00.000Z");
    expect(withAcknowledgement(pinned, { conversationId: "c1", messageId: "other", userId: "me", displayName: "Me", acknowledgedAt: "t" })).toBe(pinned);
  });
});
