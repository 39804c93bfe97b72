import { z } from "zod";
import type {
  AcknowledgedEvent,
  ConversationDetail,
  ConversationList,
  ConversationSummary,
  MessagePage,
  MessageView,
  PresenceChange,
  ReadEvent,
  StaffMember,
  SyncResult,
  TypingEvent,
  UrgentReminder,
} from "@/server/messaging/views";

/**
 * Staff messaging's answers and events as the pages read them (server/messaging/views.ts).
 * Checked like every other wire payload: a payload that does not fit is dropped, and the
 * event sequence numbers make the page catch up on what it missed.
 */

const personRefSchema = z.object({ id: z.string(), displayName: z.string() });
const presenceStatusSchema = z.enum(["online", "away", "offline"]);
const roleSchema = z.enum(["ADMIN", "RECEPTIONIST", "CLINICIAN", "PATIENT"]);

export const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number(),
  eventSeq: z.number(),
  clientId: z.string(),
  sender: personRefSchema,
  body: z.string(),
  urgent: z.boolean(),
  mentionIds: z.array(z.string()),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  acknowledgements: z.array(z.object({ userId: z.string(), displayName: z.string(), acknowledgedAt: z.string().nullable() })).nullable(),
});
export type Message = z.infer<typeof messageSchema>;

export const conversationSchema = z.object({
  id: z.string(),
  kind: z.enum(["channel", "direct", "group", "visit"]),
  title: z.string(),
  departmentId: z.string().nullable(),
  systemKey: z.string().nullable(),
  ticket: z.object({ id: z.string(), code: z.string(), departmentId: z.string() }).nullable(),
  memberCount: z.number(),
  members: z.array(personRefSchema).nullable(),
  lastEventSeq: z.number(),
  lastMessage: z.object({ seq: z.number(), senderName: z.string(), preview: z.string(), createdAt: z.string(), deleted: z.boolean() }).nullable(),
  lastReadSeq: z.number(),
  unread: z.number(),
  unreadMentions: z.number(),
  pendingUrgent: z.number(),
});
export type Conversation = z.infer<typeof conversationSchema>;
export type ConversationKind = Conversation["kind"];

export const memberSchema = personRefSchema.extend({ role: roleSchema, lastReadSeq: z.number() });
export type Member = z.infer<typeof memberSchema>;

export const conversationDetailSchema = z.object({
  conversation: conversationSchema,
  members: z.array(memberSchema),
  pinned: z.array(messageSchema),
  canAddMembers: z.boolean(),
});
export type Detail = z.infer<typeof conversationDetailSchema>;

export const conversationListSchema = z.object({ conversations: z.array(conversationSchema), totalUnread: z.number(), pendingUrgent: z.number() });
export type ConversationListData = z.infer<typeof conversationListSchema>;

export const oneConversationSchema = z.object({ conversation: conversationSchema });

/** DELETE /api/conversations/:id/members/me answers with it, and `conversation:removed` carries it. */
export const conversationRemovedSchema = z.object({ conversationId: z.string() });

export const messagePageSchema = z.object({ messages: z.array(messageSchema), olderCursor: z.number().nullable(), newerCursor: z.number().nullable() });
export type Page = z.infer<typeof messagePageSchema>;

export const syncResultSchema = z.object({ conversationId: z.string(), messages: z.array(messageSchema), lastEventSeq: z.number(), hasMore: z.boolean() });
export type Sync = z.infer<typeof syncResultSchema>;

export const staffMemberSchema = personRefSchema.extend({ role: roleSchema, departmentName: z.string().nullable(), status: presenceStatusSchema, lastSeenAt: z.string().nullable() });
export type Colleague = z.infer<typeof staffMemberSchema>;
export const staffListSchema = z.object({ staff: z.array(staffMemberSchema) });

export const presenceChangeSchema = z.object({ userId: z.string(), status: presenceStatusSchema, lastSeenAt: z.string().nullable() });
export type Presence = z.infer<typeof presenceChangeSchema>;

export const typingEventSchema = z.object({ conversationId: z.string(), user: personRefSchema, typing: z.boolean() });
export type Typing = z.infer<typeof typingEventSchema>;

export const readEventSchema = z.object({ conversationId: z.string(), userId: z.string(), lastReadSeq: z.number() });
export type Read = z.infer<typeof readEventSchema>;

export const acknowledgedSchema = z.object({ conversationId: z.string(), messageId: z.string(), userId: z.string(), displayName: z.string(), acknowledgedAt: z.string() });
export type Acknowledged = z.infer<typeof acknowledgedSchema>;

export const urgentReminderSchema = z.object({ messages: z.array(messageSchema) });

/** Acks of the socket events. */
export const sentSchema = z.object({ message: messageSchema, duplicate: z.boolean() });
export const changedMessageSchema = z.object({ message: messageSchema });
export const readAckSchema = z.object({ conversationId: z.string(), lastReadSeq: z.number(), unread: z.number() });

// Compile-time guard: everything the server sends fits these schemas. If a view changes
// shape, this stops type-checking until the schema follows.
type Fits<Sent, Read> = [Sent] extends [Read] ? true : false;
const _schemasFitTheServer: [
  Fits<MessageView, Message>,
  Fits<ConversationSummary, Conversation>,
  Fits<ConversationDetail, Detail>,
  Fits<ConversationList, ConversationListData>,
  Fits<MessagePage, Page>,
  Fits<SyncResult, Sync>,
  Fits<StaffMember, Colleague>,
  Fits<PresenceChange, Presence>,
  Fits<TypingEvent, Typing>,
  Fits<ReadEvent, Read>,
  Fits<AcknowledgedEvent, Acknowledged>,
  Fits<UrgentReminder, z.infer<typeof urgentReminderSchema>>,
] = [true, true, true, true, true, true, true, true, true, true, true, true];

/** The longest message body the server accepts. */
export const MAX_MESSAGE_LENGTH = 4000;
