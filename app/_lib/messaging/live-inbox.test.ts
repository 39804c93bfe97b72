import { describe, expect, it } from "vitest";
import { messageArrived, totalUnread, type Inbox } from "./inbox.ts";
import { LiveInbox, type InboxRead } from "./live-inbox.ts";
import { aConversation, aMessage } from "./test-fixtures.ts";
import type { Conversation, Message } from "./wire.ts";

function conversation(id: string, lastSeq: number, unread = 0): Conversation {
  return aConversation(id, {
    lastEventSeq: lastSeq,
    lastMessage: { seq: lastSeq, senderName: "Dana", preview: "", createdAt: "2026-11-22T10:00:00.000Z", deleted: false },
    lastReadSeq: lastSeq - unread,
    unread,
  });
}

function message(conversationId: string, seq: number): Message {
  return aMessage(seq, { id: `${conversationId}-${seq}`, conversationId, clientId: `c${seq}`, body: "hi", createdAt: "2026-11-22T11:00:00.000Z" });
}

/** A list read whose answer the test releases when it wants. */
function pendingReads() {
  const waiting: ((answer: InboxRead) => void)[] = [];
  return {
    read: () => new Promise<InboxRead>((resolve) => waiting.push(resolve)),
    answer: async (inbox: Inbox) => {
      waiting.shift()?.({ ok: true, inbox });
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    count: () => waiting.length,
  };
}

describe("the inbox between reads", () => {
  it("applies a message that arrived while the list was being read on top of the answer", async () => {
    const reads = pendingReads();
    const seen: Inbox[] = [];
    const live = new LiveInbox({ read: reads.read, onChange: (inbox) => seen.push(inbox), onProblem: () => {} });
    const reload = live.reload();
    live.apply((inbox) => messageArrived(inbox, message("a", 4), "me", false));
    // The answer was read before message 4 was saved.
    await reads.answer([conversation("a", 3)]);
    await reload;
    expect(live.inbox && totalUnread(live.inbox)).toBe(1);
    // …or after it: still counted once.
    const again = live.reload();
    live.apply((inbox) => messageArrived(inbox, message("a", 4), "me", false));
    await reads.answer([conversation("a", 4, 1)]);
    await again;
    expect(live.inbox && totalUnread(live.inbox)).toBe(1);
    live.dispose();
  });

  it("reads again when asked during a read, once", async () => {
    const reads = pendingReads();
    const live = new LiveInbox({ read: reads.read, onChange: () => {}, onProblem: () => {} });
    void live.reload();
    void live.reload();
    void live.reload();
    expect(reads.count()).toBe(1);
    await reads.answer([]);
    expect(reads.count()).toBe(1);
    await reads.answer([]);
    expect(reads.count()).toBe(0);
    live.dispose();
  });

  it("reports a failed read and keeps the last picture", async () => {
    const problems: (string | null)[] = [];
    let fail = false;
    const live = new LiveInbox({
      read: async () => (fail ? { ok: false, message: "Could not reach Clinicflow." } : { ok: true, inbox: [conversation("a", 3)] }),
      onChange: () => {},
      onProblem: (p) => problems.push(p),
    });
    await live.reload();
    fail = true;
    await live.reload();
    expect(problems).toEqual([null, "Could not reach Clinicflow."]);
    expect(live.inbox?.map((c) => c.id)).toEqual(["a"]);
    live.dispose();
  });

  it("gathers re-reads asked for by events into one", async () => {
    let reads = 0;
    const live = new LiveInbox({
      read: async () => {
        reads += 1;
        return { ok: true, inbox: [] };
      },
      onChange: () => {},
      onProblem: () => {},
      rereadDelayMs: 5,
    });
    await live.reload();
    const unknown = (inbox: Inbox) => ({ inbox, reread: true });
    live.apply(unknown);
    live.apply(unknown);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(reads).toBe(2);
    live.dispose();
  });
});
