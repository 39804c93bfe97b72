import type { Acknowledged, Message, Page } from "./wire";

/**
 * The messages of one open conversation, as far as they are loaded: a window of the
 * conversation by `seq`, from an older cursor to a newer one.
 *
 * - Messages are kept by id; a copy with a higher `eventSeq` (an edit, a deletion) replaces
 *   the one shown, a lower or equal one is ignored. So the same message arriving from a page,
 *   a live event, a send's ack and a catch-up is shown once, in its latest state, whatever
 *   the order they came in.
 * - A message not loaded yet joins only if it falls inside the window: a live message joins
 *   at the bottom while the newest messages are loaded (`newerCursor` null), and an edit of a
 *   message above the loaded part is left for when that part is loaded.
 *
 * Immutable: every change returns a new window, so React sees it.
 */
export interface MessageWindow {
  byId: ReadonlyMap<string, Message>;
  /** Pass as `before` to load older messages; null once the start of the conversation is loaded. */
  olderCursor: number | null;
  /** Pass as `after` to load newer ones; null while the newest messages are loaded. */
  newerCursor: number | null;
  /** False until the first page arrived: until then, live messages are all kept. */
  loaded: boolean;
  /** The window starts right after this seq (it was loaded with `after`), if it was. */
  startsAfter: number | null;
}

export const emptyWindow: MessageWindow = { byId: new Map(), olderCursor: null, newerCursor: null, loaded: false, startsAfter: null };

function seqRange(window: MessageWindow): { low: number; high: number } | null {
  let low = Infinity;
  let high = -Infinity;
  for (const m of window.byId.values()) {
    low = Math.min(low, m.seq);
    high = Math.max(high, m.seq);
  }
  return low === Infinity ? null : { low, high };
}

function fitsWindow(window: MessageWindow, message: Message): boolean {
  if (!window.loaded) return true;
  const range = seqRange(window);
  if (!range) return window.olderCursor === null && window.newerCursor === null;
  return (window.olderCursor === null || message.seq >= range.low) && (window.newerCursor === null || message.seq <= range.high);
}

function withMessages(byId: ReadonlyMap<string, Message>, messages: readonly Message[], admit: (m: Message) => boolean): Map<string, Message> | null {
  let next: Map<string, Message> | null = null;
  for (const message of messages) {
    const known = (next ?? byId).get(message.id);
    if (known ? message.eventSeq <= known.eventSeq : !admit(message)) continue;
    next ??= new Map(byId);
    next.set(message.id, message);
  }
  return next;
}

/** Live messages, a send's ack or a catch-up: merged by id, the newest version winning. */
export function mergeMessages(window: MessageWindow, messages: readonly Message[]): MessageWindow {
  const byId = withMessages(window.byId, messages, (m) => fitsWindow(window, m));
  return byId ? { ...window, byId } : window;
}

/** The first page (the latest messages): merged with whatever arrived live while it was read. */
export function firstPage(window: MessageWindow, page: Page): MessageWindow {
  const byId = withMessages(window.byId, page.messages, () => true) ?? window.byId;
  return { ...window, byId, olderCursor: page.olderCursor, newerCursor: page.newerCursor, loaded: true };
}

/** The page after `after` (jump to the first unread): replaces the window. */
export function replaceWithPage(page: Page, after: number): MessageWindow {
  return { ...firstPage(emptyWindow, page), startsAfter: after };
}

/** "Load older": the page before the window. */
export function olderPage(window: MessageWindow, page: Page): MessageWindow {
  const byId = withMessages(window.byId, page.messages, () => true) ?? window.byId;
  return { ...window, byId, olderCursor: page.olderCursor };
}

/** "Load newer": the page after the window. */
export function newerPage(window: MessageWindow, page: Page): MessageWindow {
  const byId = withMessages(window.byId, page.messages, () => true) ?? window.byId;
  return { ...window, byId, newerCursor: page.newerCursor };
}

/** Someone acknowledged an urgent message: its list of recipients says so. */
export function applyAcknowledgement(window: MessageWindow, event: Acknowledged): MessageWindow {
  const message = window.byId.get(event.messageId);
  if (!message) return window;
  const updated = acknowledge(message, event);
  if (updated === message) return window;
  const byId = new Map(window.byId);
  byId.set(message.id, updated);
  return { ...window, byId };
}

export function acknowledge(message: Message, event: Acknowledged): Message {
  const list = message.acknowledgements ?? [];
  const known = list.find((a) => a.userId === event.userId);
  if (known?.acknowledgedAt) return message;
  const entry = { userId: event.userId, displayName: event.displayName, acknowledgedAt: event.acknowledgedAt };
  return { ...message, acknowledgements: known ? list.map((a) => (a.userId === event.userId ? entry : a)) : [...list, entry] };
}

/** The loaded messages in the conversation's order. */
export function orderedMessages(window: MessageWindow): Message[] {
  return [...window.byId.values()].sort((a, b) => a.seq - b.seq);
}

/** The seq of the newest loaded message; 0 when none is. */
export function newestSeq(window: MessageWindow): number {
  return seqRange(window)?.high ?? 0;
}

/** Whether the messages right after `seq` are loaded (so the first unread after it is on screen). */
export function coversAfter(window: MessageWindow, seq: number): boolean {
  if (window.olderCursor === null || (window.startsAfter !== null && window.startsAfter <= seq)) return true;
  const range = seqRange(window);
  return range !== null && range.low <= seq;
}

/**
 * Which events of a conversation have been applied. Every message, edit and deletion has
 * the next `eventSeq` of its conversation, so live events arrive numbered 1 apart. An
 * event further ahead than the next means something was missed: catch up with
 * `conversation:sync` from `through`.
 */
export interface EventCursor {
  /** Every event up to this one is applied (or replaced by a later version); null until the start is known. */
  through: number | null;
  /** Applied events after a gap, ascending. */
  ahead: readonly number[];
}

export const unknownCursor: EventCursor = { through: null, ahead: [] };

function advance(through: number, ahead: readonly number[]): EventCursor {
  let next = through;
  const sorted = [...new Set(ahead)].filter((s) => s > through).sort((a, b) => a - b);
  while (sorted[0] === next + 1) {
    next += 1;
    sorted.shift();
  }
  return { through: next, ahead: sorted };
}

/** The conversation's counter when its state was read (the detail's lastEventSeq). */
export function startCursor(cursor: EventCursor, through: number): EventCursor {
  if (cursor.through !== null && cursor.through >= through) return cursor;
  return advance(through, cursor.ahead);
}

/** One live event applied. */
export function noteEvent(cursor: EventCursor, eventSeq: number): EventCursor {
  if (cursor.through !== null && eventSeq <= cursor.through) return cursor;
  if (cursor.through === null) return { through: null, ahead: [...cursor.ahead, eventSeq] };
  return advance(cursor.through, [...cursor.ahead, eventSeq]);
}

/** A catch-up answered: everything up to `upTo` is applied. */
export function caughtUp(cursor: EventCursor, upTo: number): EventCursor {
  return startCursor(cursor, upTo);
}

/** Some event between `through` and the newest applied one is missing. */
export function hasGap(cursor: EventCursor): boolean {
  return cursor.through !== null && cursor.ahead.length > 0;
}

/** The highest event applied (where a catch-up after a reconnect starts from). */
export function highestApplied(cursor: EventCursor): number | null {
  return cursor.through;
}
