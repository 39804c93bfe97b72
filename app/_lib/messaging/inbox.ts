import type { Conversation, Message, Read } from "./wire";

/**
 * The signed-in user's conversations with their unread counts, kept live between reads of
 * GET /api/conversations. Each change is idempotent (a message counted once however often
 * it arrives), and anything the events cannot settle asks for a re-read instead of guessing.
 */
export type Inbox = readonly Conversation[];

export interface InboxChange {
  inbox: Inbox;
  /** The events were not enough to know the counts: read the list again. */
  reread: boolean;
}

const PREVIEW_LENGTH = 140;

function replace(inbox: Inbox, conversation: Conversation, toTop: boolean): Inbox {
  const others = inbox.filter((c) => c.id !== conversation.id);
  if (toTop) return [conversation, ...others];
  return inbox.map((c) => (c.id === conversation.id ? conversation : c));
}

/**
 * A new message in one of the conversations. From someone else it counts as unread unless the
 * conversation is open in front of the user (`seenNow`); a mention of the user and an urgent
 * message count as such too. The conversation moves to the top.
 */
export function messageArrived(inbox: Inbox, message: Message, meId: string, seenNow: boolean): InboxChange {
  const conversation = inbox.find((c) => c.id === message.conversationId);
  if (!conversation) return { inbox, reread: true };
  if (conversation.lastMessage && message.seq <= conversation.lastMessage.seq) return { inbox, reread: false };
  const fromOther = message.sender.id !== meId;
  const unread = fromOther && !seenNow && message.seq > conversation.lastReadSeq;
  const updated: Conversation = {
    ...conversation,
    lastEventSeq: Math.max(conversation.lastEventSeq, message.eventSeq),
    lastMessage: { seq: message.seq, senderName: message.sender.displayName, preview: message.body.slice(0, PREVIEW_LENGTH), createdAt: message.createdAt, deleted: Boolean(message.deletedAt) },
    lastReadSeq: fromOther ? conversation.lastReadSeq : Math.max(conversation.lastReadSeq, message.seq),
    unread: conversation.unread + (unread ? 1 : 0),
    unreadMentions: conversation.unreadMentions + (unread && message.mentionIds.includes(meId) ? 1 : 0),
    pendingUrgent: conversation.pendingUrgent + (fromOther && message.urgent ? 1 : 0),
  };
  return { inbox: replace(inbox, updated, true), reread: false };
}

/** An edit or deletion: the preview follows if it was the last message. */
export function messageUpdated(inbox: Inbox, message: Message): Inbox {
  const conversation = inbox.find((c) => c.id === message.conversationId);
  if (!conversation?.lastMessage || conversation.lastMessage.seq !== message.seq) return inbox;
  const lastMessage = { ...conversation.lastMessage, preview: message.body.slice(0, PREVIEW_LENGTH), deleted: Boolean(message.deletedAt) };
  return replace(inbox, { ...conversation, lastMessage, lastEventSeq: Math.max(conversation.lastEventSeq, message.eventSeq) }, false);
}

/**
 * The user's read pointer moved (this tab, another tab, another device). Read up to the last
 * message means nothing is unread; anything less cannot be counted here, so it asks for a re-read.
 */
export function readMoved(inbox: Inbox, event: Read): InboxChange {
  const conversation = inbox.find((c) => c.id === event.conversationId);
  if (!conversation) return { inbox, reread: true };
  if (event.lastReadSeq <= conversation.lastReadSeq) return { inbox, reread: false };
  const all = !conversation.lastMessage || event.lastReadSeq >= conversation.lastMessage.seq;
  const updated = { ...conversation, lastReadSeq: event.lastReadSeq, ...(all ? { unread: 0, unreadMentions: 0 } : {}) };
  return { inbox: replace(inbox, updated, false), reread: !all };
}

/** The answer to this tab's own conversation:read: the server's count. */
export function readAcknowledged(inbox: Inbox, answer: { conversationId: string; lastReadSeq: number; unread: number }): Inbox {
  const conversation = inbox.find((c) => c.id === answer.conversationId);
  if (!conversation || answer.lastReadSeq < conversation.lastReadSeq) return inbox;
  const unreadMentions = answer.unread === 0 ? 0 : Math.min(conversation.unreadMentions, answer.unread);
  return replace(inbox, { ...conversation, lastReadSeq: answer.lastReadSeq, unread: answer.unread, unreadMentions }, false);
}

/** The user was added to a conversation (or the list already had it: the newer copy wins). */
export function conversationAdded(inbox: Inbox, conversation: Conversation): Inbox {
  return inbox.some((c) => c.id === conversation.id) ? replace(inbox, conversation, false) : [conversation, ...inbox];
}

/** The user left a conversation (here or in another tab): it goes from the list. */
export function conversationRemoved(inbox: Inbox, conversationId: string): Inbox {
  return inbox.some((c) => c.id === conversationId) ? inbox.filter((c) => c.id !== conversationId) : inbox;
}

/** The user acknowledged an urgent message (here or in another tab). */
export function urgentAcknowledged(inbox: Inbox, conversationId: string): Inbox {
  const conversation = inbox.find((c) => c.id === conversationId);
  if (!conversation || conversation.pendingUrgent === 0) return inbox;
  return replace(inbox, { ...conversation, pendingUrgent: conversation.pendingUrgent - 1 }, false);
}

export function totalUnread(inbox: Inbox): number {
  return inbox.reduce((sum, c) => sum + c.unread, 0);
}

/** The visit thread of a queue ticket, if it has one. */
export function visitThread(inbox: Inbox, ticketId: string): Conversation | undefined {
  return inbox.find((c) => c.kind === "visit" && c.ticket?.id === ticketId);
}
