import { describe, expect, it } from "vitest";
import {
  acknowledge,
  applyAcknowledgement,
  caughtUp,
  coversAfter,
  emptyWindow,
  firstPage,
  hasGap,
  mergeMessages,
  newerPage,
  newestSeq,
  noteEvent,
  olderPage,
  orderedMessages,
  replaceWithPage,
  startCursor,
  unknownCursor,
} from "./message-store.ts";
import { aMessage } from "./test-fixtures.ts";
import type { Message } from "./wire.ts";

function message(seq: number, overrides: Partial<Message> = {}): Message {
  return aMessage(seq, { sender: { id: "u1", displayName: "Dana Doctor" }, ...overrides });
}

const seqs = (messages: Message[]) => messages.map((m) => m.seq);

describe("a conversation's message window", () => {
  it("keeps one copy per message, the one with the highest eventSeq, whatever the order", () => {
    let window = firstPage(emptyWindow, { messages: [message(1), message(2)], olderCursor: null, newerCursor: null });
    const edited = message(2, { body: "edited", eventSeq: 5, editedAt: "2026-11-22T10:05:00.000Z" });
    window = mergeMessages(window, [edited]);
    window = mergeMessages(window, [message(2)]); // the original again, e.g. a late page
    window = mergeMessages(window, [message(3), message(3)]);
    expect(orderedMessages(window).map((m) => [m.seq, m.body])).toEqual([
      [1, "message 1"],
      [2, "edited"],
      [3, "message 3"],
    ]);
  });

  it("returns the same window when nothing changes, so React does not re-render", () => {
    const window = firstPage(emptyWindow, { messages: [message(1)], olderCursor: null, newerCursor: null });
    expect(mergeMessages(window, [message(1)])).toBe(window);
  });

  it("sorts by seq, not by arrival", () => {
    const window = mergeMessages(emptyWindow, [message(9), message(3), message(7)]);
    expect(seqs(orderedMessages(window))).toEqual([3, 7, 9]);
    expect(newestSeq(window)).toBe(9);
  });

  it("keeps live messages that came before the first page, and merges the page in", () => {
    let window = mergeMessages(emptyWindow, [message(12)]);
    window = firstPage(window, { messages: [message(10), message(11)], olderCursor: 10, newerCursor: null });
    expect(seqs(orderedMessages(window))).toEqual([10, 11, 12]);
    expect(window.olderCursor).toBe(10);
  });

  it("leaves out updates of messages above the loaded part, and live ones below a gap to the newest", () => {
    const window = firstPage(emptyWindow, { messages: [message(10), message(11)], olderCursor: 10, newerCursor: null });
    const merged = mergeMessages(window, [message(4, { eventSeq: 12, body: "edited" }), message(13)]);
    expect(seqs(orderedMessages(merged))).toEqual([10, 11, 13]);

    const jumped = replaceWithPage({ messages: [message(20), message(21)], olderCursor: 20, newerCursor: 21 }, 19);
    expect(seqs(orderedMessages(mergeMessages(jumped, [message(30)])))).toEqual([20, 21]);
  });

  it("loads older and newer pages around the window and follows their cursors", () => {
    let window = replaceWithPage({ messages: [message(5), message(6)], olderCursor: 5, newerCursor: 6 }, 4);
    window = olderPage(window, { messages: [message(3), message(4)], olderCursor: null, newerCursor: 4 });
    expect(window.olderCursor).toBeNull();
    expect(window.newerCursor).toBe(6);
    window = newerPage(window, { messages: [message(7)], olderCursor: 7, newerCursor: null });
    expect(window.newerCursor).toBeNull();
    expect(window.olderCursor).toBeNull();
    expect(seqs(orderedMessages(window))).toEqual([3, 4, 5, 6, 7]);
  });

  it("knows whether the first unread after the read pointer is loaded", () => {
    const window = firstPage(emptyWindow, { messages: [message(10), message(11)], olderCursor: 10, newerCursor: null });
    expect(coversAfter(window, 4)).toBe(false);
    expect(coversAfter(window, 10)).toBe(true);
    expect(coversAfter(firstPage(emptyWindow, { messages: [message(2)], olderCursor: null, newerCursor: null }), 0)).toBe(true);
    // Jumped to the page right after the read pointer: the first unread is its first message.
    const jumped = replaceWithPage({ messages: [message(7), message(8)], olderCursor: 7, newerCursor: 8 }, 4);
    expect(coversAfter(jumped, 4)).toBe(true);
    expect(coversAfter(olderPage(jumped, { messages: [message(5)], olderCursor: 5, newerCursor: 5 }), 4)).toBe(true);
    expect(coversAfter(jumped, 2)).toBe(false);
  });

  it("records an acknowledgement once, on the right recipient", () => {
    const urgent = message(1, { urgent: true, acknowledgements: [{ userId: "u2", displayName: "Rosa", acknowledgedAt: null }] });
    const window = firstPage(emptyWindow, { messages: [urgent], olderCursor: null, newerCursor: null });
    const event = { conversationId: "c1", messageId: "m1", userId: "u2", displayName: "Rosa", acknowledgedAt: "2026-11-22T10:01:00.000Z" };
    const acknowledged = applyAcknowledgement(window, event);
    expect(acknowledged.byId.get("m1")?.acknowledgements).toEqual([{ userId: "u2", displayName: "Rosa", acknowledgedAt: "2026-11-22T10:01:00.000Z" }]);
    expect(applyAcknowledgement(acknowledged, { ...event, acknowledgedAt: "2026-11-22T11:00:00.000Z" })).toBe(acknowledged);
    expect(applyAcknowledgement(window, { ...event, messageId: "unknown" })).toBe(window);
    expect(acknowledge(message(2, { acknowledgements: null }), event).acknowledgements).toHaveLength(1);
  });
});

describe("a conversation's event cursor", () => {
  it("advances over contiguous events and ignores ones it has", () => {
    let cursor = startCursor(unknownCursor, 4);
    cursor = noteEvent(cursor, 5);
    cursor = noteEvent(cursor, 6);
    cursor = noteEvent(cursor, 3);
    expect(cursor).toEqual({ through: 6, ahead: [] });
    expect(hasGap(cursor)).toBe(false);
  });

  it("sees a gap when an event skips ahead, and closes it when the missing one arrives", () => {
    let cursor = noteEvent(startCursor(unknownCursor, 4), 7);
    expect(hasGap(cursor)).toBe(true);
    expect(cursor.through).toBe(4);
    cursor = noteEvent(cursor, 5);
    cursor = noteEvent(cursor, 6);
    expect(cursor).toEqual({ through: 7, ahead: [] });
  });

  it("a catch-up moves past whatever it covered, keeping events applied beyond it", () => {
    let cursor = noteEvent(noteEvent(startCursor(unknownCursor, 4), 9), 11);
    cursor = caughtUp(cursor, 8);
    expect(cursor).toEqual({ through: 9, ahead: [11] });
    cursor = caughtUp(cursor, 12);
    expect(cursor).toEqual({ through: 12, ahead: [] });
    expect(caughtUp(cursor, 10)).toBe(cursor);
  });

  it("holds events until the start is known, then counts from there", () => {
    let cursor = noteEvent(unknownCursor, 6);
    expect(hasGap(cursor)).toBe(false);
    cursor = startCursor(cursor, 5);
    expect(cursor).toEqual({ through: 6, ahead: [] });
    expect(hasGap(startCursor(noteEvent(unknownCursor, 9), 5))).toBe(true);
  });
});
