import type { Role } from "../roles.ts";

/**
 * What staff messaging sends to browsers (HTTP bodies, acks and live events). Plain JSON;
 * dates as ISO strings. Shared with the browser, so no Prisma import here.
 */

export type ConversationKindView = "channel" | "direct" | "group" | "visit";
export type PresenceStatus = "online" | "away" | "offline";

export interface PersonRef {
  id: string;
  displayName: string;
}

export interface UrgentAcknowledgementView {
  userId: string;
  displayName: string;
  /** null while the recipient has not acknowledged. */
  acknowledgedAt: string | null;
}

export interface MessageView {
  id: string;
  conversationId: string;
  /** The message's place in the conversation: the server's order, the same for everyone. */
  seq: number;
  /** The number of its latest change (seq until edited or deleted); catch-up resumes after it. */
  eventSeq: number;
  /** The sender's own id for the message (retries with it return this message). */
  clientId: string;
  sender: PersonRef;
  /** Plain text; render it as text, never as HTML. Empty once deleted. */
  body: string;
  urgent: boolean;
  /** Members named with "@Display Name" in the body. */
  mentionIds: string[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  /** Urgent messages only: every recipient and whether they have acknowledged. */
  acknowledgements: UrgentAcknowledgementView[] | null;
}

export interface MemberView extends PersonRef {
  role: Role;
  /** seq of the last message this member has read. */
  lastReadSeq: number;
}

export interface ConversationSummary {
  id: string;
  kind: ConversationKindView;
  /** What to call it: the channel's or group's name, the other person's name, or the visit's ticket. */
  title: string;
  departmentId: string | null;
  /** "all-staff" for the clinic-wide channel. */
  systemKey: string | null;
  /** VISIT threads: the ticket they are about. */
  ticket: { id: string; code: string; departmentId: string } | null;
  memberCount: number;
  /** Direct and group conversations: who is in it (for presence dots and names). */
  members: PersonRef[] | null;
  lastEventSeq: number;
  lastMessage: { seq: number; senderName: string; preview: string; createdAt: string; deleted: boolean } | null;
  /** How far the caller has read, and how many messages from others come after that. */
  lastReadSeq: number;
  unread: number;
  /** Unread messages that mention the caller. */
  unreadMentions: number;
  /** Urgent messages in it the caller has not acknowledged yet. */
  pendingUrgent: number;
}

export interface ConversationDetail {
  conversation: ConversationSummary;
  members: MemberView[];
  /** Urgent messages the caller still has to acknowledge (pinned at the top). */
  pinned: MessageView[];
  /** Admins may add members to channels; members of a group may add up to its limit. */
  canAddMembers: boolean;
}

export interface ConversationList {
  conversations: ConversationSummary[];
  totalUnread: number;
  pendingUrgent: number;
}

export interface MessagePage {
  messages: MessageView[];
  /** Pass as `before` for older messages; null at the start of the conversation. */
  olderCursor: number | null;
  /** Pass as `after` for newer messages; null when this page reaches the newest. */
  newerCursor: number | null;
}

/** Catch-up after a disconnect: every message created, edited or deleted after `afterEventSeq`. */
export interface SyncResult {
  conversationId: string;
  messages: MessageView[];
  /** The conversation's counter now; ask again from the last returned eventSeq when hasMore. */
  lastEventSeq: number;
  hasMore: boolean;
}

export interface StaffMember extends PersonRef {
  role: Role;
  departmentName: string | null;
  status: PresenceStatus;
  /** When they were last connected; null if never seen since the presence store started. */
  lastSeenAt: string | null;
}

export interface PresenceChange {
  userId: string;
  status: PresenceStatus;
  lastSeenAt: string | null;
}

export interface TypingEvent {
  conversationId: string;
  user: PersonRef;
  typing: boolean;
}

export interface ReadEvent {
  conversationId: string;
  userId: string;
  lastReadSeq: number;
}

export interface AcknowledgedEvent {
  conversationId: string;
  messageId: string;
  userId: string;
  displayName: string;
  acknowledgedAt: string;
}

/** An urgent message still waiting for this user's acknowledgement. */
export interface UrgentReminder {
  messages: MessageView[];
}
