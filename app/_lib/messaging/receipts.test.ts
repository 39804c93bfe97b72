import { describe, expect, it } from "vitest";
import { acknowledgementLine, mustAcknowledge, seenLine } from "./receipts.ts";
import type { Member } from "./wire.ts";

const member = (id: string, displayName: string, lastReadSeq: number): Member => ({ id, displayName, role: "CLINICIAN", lastReadSeq });
const me = { id: "me", displayName: "Me" };

describe("read receipts", () => {
  it("says Seen in a direct conversation once the other person has read the message", () => {
    const message = { seq: 5, sender: me };
    expect(seenLine("direct", [member("me", "Me", 5), member("u1", "Dana", 4)], "me", message)).toBeNull();
    expect(seenLine("direct", [member("me", "Me", 5), member("u1", "Dana", 5)], "me", message)).toBe("Seen");
  });

  it("names who has seen it in a group, and says nothing in channels", () => {
    const members = [member("me", "Me", 9), member("u1", "Dana", 9), member("u2", "Sam", 2), member("u3", "Rosa", 12)];
    expect(seenLine("group", members, "me", { seq: 9, sender: me })).toBe("Seen by Dana, Rosa");
    expect(seenLine("channel", members, "me", { seq: 9, sender: me })).toBeNull();
    expect(seenLine("visit", members, "me", { seq: 9, sender: me })).toBeNull();
  });
});

describe("urgent acknowledgements", () => {
  const ack = (userId: string, displayName: string, at: string | null) => ({ userId, displayName, acknowledgedAt: at });

  it("tells the sender who acknowledged and who is still awaited", () => {
    expect(acknowledgementLine({ acknowledgements: [ack("u1", "Dana", "t"), ack("u2", "Sam", "t"), ack("u3", "Rosa", null)] })).toBe("Acknowledged by Dana, Sam · waiting for Rosa");
    expect(acknowledgementLine({ acknowledgements: [ack("u1", "Dana", "t")] })).toBe("Acknowledged by Dana");
    expect(acknowledgementLine({ acknowledgements: [ack("u1", "Dana", null)] })).toBe("Waiting for Dana to acknowledge");
    expect(acknowledgementLine({ acknowledgements: null })).toBeNull();
  });

  it("asks only recipients who have not acknowledged a live urgent message", () => {
    const message = { urgent: true, deletedAt: null, acknowledgements: [ack("me", "Me", null), ack("u1", "Dana", "t")] };
    expect(mustAcknowledge(message, "me")).toBe(true);
    expect(mustAcknowledge(message, "u1")).toBe(false);
    expect(mustAcknowledge(message, "u9")).toBe(false);
    expect(mustAcknowledge({ ...message, deletedAt: "t" }, "me")).toBe(false);
  });
});
