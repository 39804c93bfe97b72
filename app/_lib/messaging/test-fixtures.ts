import type { Conversation, Message } from "./wire.ts";

/** A saved message as the server sends it: a plain one from Dana in conversation c1, unless overridden. */
export function aMessage(seq: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversationId: "c1",
    seq,
    eventSeq: seq,
    clientId: `client-${seq}`,
    sender: { id: "dana", displayName: "Dana" },
    body: `message ${seq}`,
    urgent: false,
    mentionIds: [],
    createdAt: "2026-11-22T10:00:00.000Z",
    editedAt: null,
    deletedAt: null,
    acknowledgements: null,
    ...overrides,
  };
}

/** A conversation as the list shows it: a direct one, read up to its last message (seq 3), unless overridden. */
export function aConversation(id: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    kind: "direct",
    title: id,
    departmentId: null,
    systemKey: null,
    ticket: null,
    memberCount: 2,
    members: null,
    lastEventSeq: 3,
    lastMessage: { seq: 3, senderName: "Dana", preview: "hi", createdAt: "2026-11-22T10:00:00.000Z", deleted: false },
    lastReadSeq: 3,
    unread: 0,
    unreadMentions: 0,
    pendingUrgent: 0,
    ...overrides,
  };
}
