import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { consumeAttempt } from "../auth/rate-limit.ts";
import type { Db } from "../db/client.ts";
import type { Prisma } from "../db/generated/client.ts";
import { AppError, isUniqueViolation } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import { rooms } from "../gateway/rooms.ts";
import type { SessionUser } from "../roles.ts";
import { requireMembership, requireStaff } from "./access.ts";
import { findMentions } from "./mentions.ts";
import { loadMessageView, messageInclude, toMessageView } from "./message-view.ts";
import { SYNC_BATCH, type MessagePageQuery, type SendMessageInput } from "./rules.ts";
import type { AcknowledgedEvent, ConversationKindView, MessagePage, MessageView, SyncResult } from "./views.ts";

async function kindOf(db: Db, conversationId: string): Promise<ConversationKindView> {
  const row = await db.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { kind: true } });
  return row.kind.toLowerCase() as ConversationKindView;
}

type Tx = Prisma.TransactionClient;

export interface MessageDeps {
  db: Db;
  realtime: Realtime;
  /** Messages per sender over a window (RATE_LIMITED when exceeded); none = unlimited. */
  sendLimiter?: RateLimiterAbstract;
}

/**
 * Takes the conversation's next event number, as a member. The row lock this UPDATE takes
 * orders concurrent sends and edits of one conversation, so seq is the same for everyone.
 */
async function nextEventSeq(tx: Tx, user: SessionUser, conversationId: string, isMessage: boolean): Promise<{ seq: number; kind: ConversationKindView }> {
  const rows = await tx.$queryRaw<{ lastEventSeq: number; kind: string }[]>`
    UPDATE "Conversation" c
    SET "lastEventSeq" = c."lastEventSeq" + 1,
        "lastMessageAt" = CASE WHEN ${isMessage} THEN now() ELSE c."lastMessageAt" END
    WHERE c."id" = ${conversationId}::uuid
      AND EXISTS (SELECT 1 FROM "ConversationMember" m WHERE m."conversationId" = c."id" AND m."userId" = ${user.id}::uuid)
    RETURNING c."lastEventSeq", c."kind"::text AS "kind"`;
  if (rows[0]) return { seq: rows[0].lastEventSeq, kind: rows[0].kind.toLowerCase() as ConversationKindView };
  await requireMembership(tx, user, conversationId); // throws the precise reason
  throw new AppError("FORBIDDEN", "You are not a member of this conversation.");
}

async function memberNames(tx: Tx, conversationId: string, body: string) {
  if (!body.includes("@")) return [];
  return (await tx.conversationMember.findMany({ where: { conversationId }, select: { user: { select: { id: true, displayName: true } } } })).map((m) => m.user);
}

async function existingByClientId(db: Db, user: SessionUser, input: SendMessageInput): Promise<MessageView | null> {
  const row = await db.message.findUnique({ where: { senderId_clientId: { senderId: user.id, clientId: input.clientId } }, include: messageInclude });
  if (!row) return null;
  if (row.conversationId !== input.conversationId) {
    throw new AppError("CONFLICT", "This message id was already used for a message in another conversation.", { field: "clientId" });
  }
  return toMessageView(row);
}

/**
 * Saves a message, then pushes it to every member's sockets on every instance. The ack the
 * caller sends back is only given after the commit. A retry with the same clientId (after a
 * timeout, a reconnect, a double click) returns the message saved the first time.
 */
export async function sendMessage(deps: MessageDeps, user: SessionUser, input: SendMessageInput): Promise<{ message: MessageView; duplicate: boolean; kind: ConversationKindView }> {
  requireStaff(user);
  const { db } = deps;
  const earlier = await existingByClientId(db, user, input);
  if (earlier) return { message: earlier, duplicate: true, kind: await kindOf(db, input.conversationId) };
  if (deps.sendLimiter) {
    const wait = await consumeAttempt(deps.sendLimiter, user.id);
    if (wait > 0) throw new AppError("RATE_LIMITED", `You are sending messages too quickly. Try again in ${wait} s.`, { retryAfterSeconds: wait });
  }

  let message: MessageView;
  let kind: ConversationKindView;
  try {
    ({ message, kind } = await db.$transaction(async (tx) => {
      const { seq, kind } = await nextEventSeq(tx, user, input.conversationId, true);
      const members = await memberNames(tx, input.conversationId, input.body);
      const created = await tx.message.create({
        data: {
          conversationId: input.conversationId,
          seq,
          eventSeq: seq,
          senderId: user.id,
          clientId: input.clientId,
          body: input.body,
          urgent: input.urgent,
          mentionIds: findMentions(input.body, members.filter((m) => m.id !== user.id)),
        },
        select: { id: true },
      });
      // One's own message is read.
      await tx.conversationMember.update({ where: { conversationId_userId: { conversationId: input.conversationId, userId: user.id } }, data: { lastReadSeq: seq } });
      if (input.urgent) {
        await tx.$executeRaw`
          INSERT INTO "UrgentAcknowledgement" ("messageId", "userId")
          SELECT ${created.id}::uuid, m."userId" FROM "ConversationMember" m
          WHERE m."conversationId" = ${input.conversationId}::uuid AND m."userId" <> ${user.id}::uuid`;
      }
      // Read inside the transaction, so the push can follow the commit without another round trip.
      return { message: await loadMessageView(tx, created.id), kind };
    }));
  } catch (error) {
    // A send that was refused (not a member, unknown conversation) or failed does not count against the limit.
    await deps.sendLimiter?.reward(user.id, 1).catch(() => undefined);
    // The same clientId raced in twice: the other attempt committed first; answer with it.
    if (isUniqueViolation(error)) {
      const winner = await existingByClientId(db, user, input);
      if (winner) return { message: winner, duplicate: true, kind: await kindOf(db, input.conversationId) };
    }
    throw error;
  }

  deps.realtime.emit(rooms.conversation(message.conversationId), "message:new", message);
  return { message, duplicate: false, kind };
}

async function changeOwnMessage(deps: MessageDeps, user: SessionUser, messageId: string, change: (tx: Tx, row: { conversationId: string; eventSeq: number }) => Promise<void>): Promise<MessageView> {
  requireStaff(user);
  const { db } = deps;
  const target = await db.message.findUnique({ where: { id: messageId }, select: { conversationId: true, senderId: true, deletedAt: true } });
  if (!target) throw new AppError("NOT_FOUND", "No such message.", { messageId });
  await requireMembership(db, user, target.conversationId);
  if (target.senderId !== user.id) throw new AppError("FORBIDDEN", "You can only change your own messages.");
  if (target.deletedAt) throw new AppError("CONFLICT", "This message was deleted.");

  await db.$transaction(async (tx) => {
    const { seq: eventSeq } = await nextEventSeq(tx, user, target.conversationId, false);
    // Re-checked under the conversation's lock: a concurrent delete wins cleanly.
    const still = await tx.message.findUniqueOrThrow({ where: { id: messageId }, select: { deletedAt: true } });
    if (still.deletedAt) throw new AppError("CONFLICT", "This message was deleted.");
    await change(tx, { conversationId: target.conversationId, eventSeq });
  });
  const message = await loadMessageView(db, messageId);
  deps.realtime.emit(rooms.conversation(message.conversationId), "message:updated", message);
  return message;
}

/** Changes the text of one's own message; everyone sees it marked edited. */
export function editMessage(deps: MessageDeps, user: SessionUser, messageId: string, body: string): Promise<MessageView> {
  return changeOwnMessage(deps, user, messageId, async (tx, { conversationId, eventSeq }) => {
    const members = await memberNames(tx, conversationId, body);
    await tx.message.update({
      where: { id: messageId },
      data: { body, eventSeq, editedAt: new Date(), mentionIds: findMentions(body, members.filter((m) => m.id !== user.id)) },
    });
  });
}

/** Deletes one's own message: it keeps its place, shown as deleted, its text gone; it no longer asks for acknowledgements. */
export function deleteMessage(deps: MessageDeps, user: SessionUser, messageId: string): Promise<MessageView> {
  return changeOwnMessage(deps, user, messageId, async (tx, { eventSeq }) => {
    await tx.message.update({ where: { id: messageId }, data: { body: "", eventSeq, deletedAt: new Date(), mentionIds: [] } });
    await tx.urgentAcknowledgement.deleteMany({ where: { messageId, acknowledgedAt: null } });
  });
}

/** A recipient acknowledges an urgent message; the conversation sees who has. Repeating it is harmless. */
export async function acknowledgeMessage(deps: MessageDeps, user: SessionUser, messageId: string): Promise<AcknowledgedEvent> {
  requireStaff(user);
  const { db } = deps;
  const message = await db.message.findUnique({ where: { id: messageId }, select: { conversationId: true, urgent: true } });
  if (!message) throw new AppError("NOT_FOUND", "No such message.", { messageId });
  await requireMembership(db, user, message.conversationId);
  const [updated] = await db.$queryRaw<{ acknowledgedAt: Date }[]>`
    UPDATE "UrgentAcknowledgement" SET "acknowledgedAt" = now()
    WHERE "messageId" = ${messageId}::uuid AND "userId" = ${user.id}::uuid AND "acknowledgedAt" IS NULL
    RETURNING "acknowledgedAt"`;
  const event = (acknowledgedAt: Date): AcknowledgedEvent => ({ conversationId: message.conversationId, messageId, userId: user.id, displayName: user.displayName, acknowledgedAt: acknowledgedAt.toISOString() });
  if (updated) {
    const result = event(updated.acknowledgedAt);
    deps.realtime.emit(rooms.conversation(message.conversationId), "message:acknowledged", result);
    return result;
  }
  const earlier = await db.urgentAcknowledgement.findUnique({ where: { messageId_userId: { messageId, userId: user.id } }, select: { acknowledgedAt: true } });
  if (earlier?.acknowledgedAt) return event(earlier.acknowledgedAt);
  throw new AppError("CONFLICT", message.urgent ? "This message does not ask you to acknowledge it." : "Only urgent messages are acknowledged.");
}

/**
 * Moves the caller's read pointer forward (never back, never past the newest message). The
 * caller's other tabs hear of it; in direct and group conversations the others do too
 * (read receipts).
 */
export async function markRead(deps: MessageDeps, user: SessionUser, conversationId: string, seq: number): Promise<{ conversationId: string; lastReadSeq: number; unread: number }> {
  const membership = await requireMembership(deps.db, user, conversationId);
  const [row] = await deps.db.$queryRaw<{ lastReadSeq: number; moved: boolean }[]>`
    UPDATE "ConversationMember" m
    SET "lastReadSeq" = GREATEST(m."lastReadSeq", LEAST(${seq}::int, c."lastEventSeq"))
    FROM "Conversation" c
    WHERE c."id" = m."conversationId" AND m."conversationId" = ${conversationId}::uuid AND m."userId" = ${user.id}::uuid
    RETURNING m."lastReadSeq", (m."lastReadSeq" <> ${membership.lastReadSeq}::int) AS "moved"`;
  const lastReadSeq = row?.lastReadSeq ?? membership.lastReadSeq;
  const unread = await deps.db.message.count({ where: { conversationId, seq: { gt: lastReadSeq }, senderId: { not: user.id }, deletedAt: null } });
  if (row?.moved) {
    const receipts = membership.kind === "DIRECT" || membership.kind === "GROUP";
    deps.realtime.emit(receipts ? rooms.conversation(conversationId) : rooms.user(user.id), "conversation:read", { conversationId, userId: user.id, lastReadSeq });
  }
  return { conversationId, lastReadSeq, unread };
}

/** A page of history in seq order: the newest, older than `before`, or newer than `after` (jump to first unread). */
export async function listMessages(db: Db, user: SessionUser, conversationId: string, query: MessagePageQuery): Promise<MessagePage> {
  await requireMembership(db, user, conversationId);
  const { before, after, limit } = query;
  const ascending = after !== undefined;
  const rows = await db.message.findMany({
    where: { conversationId, ...(before !== undefined ? { seq: { lt: before } } : {}), ...(after !== undefined ? { seq: { gt: after } } : {}) },
    include: messageInclude,
    orderBy: { seq: ascending ? "asc" : "desc" },
    take: limit + 1,
  });
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (!ascending) page.reverse();
  const messages = page.map(toMessageView);
  const first = messages[0];
  const last = messages.at(-1);
  let olderCursor: number | null;
  let newerCursor: number | null;
  if (ascending) {
    newerCursor = more && last ? last.seq : null;
    olderCursor = first && (await db.message.count({ where: { conversationId, seq: { lt: first.seq } } })) > 0 ? first.seq : null;
  } else {
    olderCursor = more && first ? first.seq : null;
    newerCursor = before !== undefined && last && (await db.message.count({ where: { conversationId, seq: { gt: last.seq } } })) > 0 ? last.seq : null;
  }
  return { messages, olderCursor, newerCursor };
}

/** Everything created, edited or deleted after `afterEventSeq`, in event order: catch-up after a disconnect. */
export async function syncConversation(db: Db, user: SessionUser, conversationId: string, afterEventSeq: number): Promise<SyncResult> {
  await requireMembership(db, user, conversationId);
  const [rows, conversation] = await Promise.all([
    db.message.findMany({ where: { conversationId, eventSeq: { gt: afterEventSeq } }, include: messageInclude, orderBy: { eventSeq: "asc" }, take: SYNC_BATCH + 1 }),
    db.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { lastEventSeq: true } }),
  ]);
  const hasMore = rows.length > SYNC_BATCH;
  return { conversationId, messages: rows.slice(0, SYNC_BATCH).map(toMessageView), lastEventSeq: conversation.lastEventSeq, hasMore };
}
