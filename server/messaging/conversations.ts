import type { Db } from "../db/client.ts";
import { AppError, isUniqueViolation, validationError } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import { rooms } from "../gateway/rooms.ts";
import { isUuid } from "../patients/patient-fields.ts";
import { isStaff, type SessionUser } from "../roles.ts";
import { requireMembership, requireStaff } from "./access.ts";
import { departmentStaffIds, ensureDefaultChannelsFor } from "./default-channels.ts";
import { messageInclude, toMessageView } from "./message-view.ts";
import { addMembersSchema, ALL_STAFF_KEY, createConversationSchema, directKeyFor, GROUP_MAX_MEMBERS } from "./rules.ts";
import { conversationSummaries, conversationSummary } from "./summaries.ts";
import type { ConversationDetail, ConversationList, ConversationSummary } from "./views.ts";

export interface MessagingDeps {
  db: Db;
  realtime: Realtime;
}

/** Every conversation the caller is in, with unread counts and the totals for the navigation. */
export async function listConversations(db: Db, user: SessionUser): Promise<ConversationList> {
  requireStaff(user);
  await ensureDefaultChannelsFor(db, user.id);
  const conversations = await conversationSummaries(db, user.id);
  return {
    conversations,
    totalUnread: conversations.reduce((sum, c) => sum + c.unread, 0),
    pendingUrgent: conversations.reduce((sum, c) => sum + c.pendingUrgent, 0),
  };
}

/** One conversation with its members' read state and the caller's pinned urgent messages. */
export async function getConversationDetail(db: Db, user: SessionUser, conversationId: string): Promise<ConversationDetail> {
  const membership = await requireMembership(db, user, conversationId);
  const [conversation, members, pinned] = await Promise.all([
    conversationSummary(db, user.id, conversationId),
    db.conversationMember.findMany({
      where: { conversationId },
      select: { lastReadSeq: true, user: { select: { id: true, displayName: true, role: true } } },
      orderBy: { user: { displayName: "asc" } },
    }),
    db.message.findMany({
      where: { conversationId, acknowledgements: { some: { userId: user.id, acknowledgedAt: null } } },
      include: messageInclude,
      orderBy: { seq: "asc" },
    }),
  ]);
  return {
    conversation,
    members: members.map((m) => ({ id: m.user.id, displayName: m.user.displayName, role: m.user.role, lastReadSeq: m.lastReadSeq })),
    pinned: pinned.map(toMessageView),
    canAddMembers: canAddMembers(user, membership.kind, members.length),
  };
}

function canAddMembers(user: SessionUser, kind: string, memberCount: number): boolean {
  if (kind === "CHANNEL" || kind === "VISIT") return user.role === "ADMIN";
  if (kind === "GROUP") return memberCount < GROUP_MAX_MEMBERS;
  return false;
}

/** Active staff accounts among the ids; anything else (unknown, patient, disabled) is named in the error. */
async function requireStaffUsers(db: Db, ids: string[], field: string): Promise<string[]> {
  const unique = [...new Set(ids)];
  const found = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, role: true, disabledAt: true } });
  const ok = new Set(found.filter((u) => isStaff(u.role) && u.disabledAt === null).map((u) => u.id));
  const bad = unique.filter((id) => !ok.has(id));
  if (bad.length) throw new AppError("VALIDATION_FAILED", "Only active staff members can be in a conversation.", [{ field, problem: `not an active staff member: ${bad.join(", ")}` }]);
  return unique;
}

/**
 * Starts a conversation. Direct: one per pair (asking again returns it, created: false).
 * Group: 2..10 people, the caller included. Channel: admins only.
 */
export async function createConversation(deps: MessagingDeps, user: SessionUser, raw: unknown): Promise<{ conversation: ConversationSummary; created: boolean }> {
  requireStaff(user);
  const parsed = createConversationSchema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const input = parsed.data;
  const { db } = deps;

  if (input.kind === "direct") {
    if (input.userId === user.id) throw new AppError("VALIDATION_FAILED", "Pick someone other than yourself.", [{ field: "userId", problem: "must be someone else" }]);
    await requireStaffUsers(db, [input.userId], "userId");
    const directKey = directKeyFor(user.id, input.userId);
    const existing = await db.conversation.findUnique({ where: { directKey }, select: { id: true } });
    if (existing) return { conversation: await conversationSummary(db, user.id, existing.id), created: false };
    try {
      const created = await db.conversation.create({
        data: { kind: "DIRECT", directKey, createdById: user.id, members: { create: [{ userId: user.id }, { userId: input.userId }] } },
        select: { id: true },
      });
      return { conversation: await announce(deps, user, created.id, [user.id, input.userId]), created: true };
    } catch (error) {
      // Both people started it at the same moment: theirs won, and it is the same conversation.
      if (!isUniqueViolation(error)) throw error;
      const winner = await db.conversation.findUniqueOrThrow({ where: { directKey }, select: { id: true } });
      return { conversation: await conversationSummary(db, user.id, winner.id), created: false };
    }
  }

  if (input.kind === "channel" && user.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only admins can create channels.");
  const others = (input.memberIds ?? []).filter((id) => id !== user.id);
  await requireStaffUsers(db, others, "memberIds");
  const memberIds = [...new Set([user.id, ...others])];
  if (input.kind === "group" && memberIds.length < 2) throw new AppError("VALIDATION_FAILED", "A group needs at least one other person.", [{ field: "memberIds", problem: "name at least one other person" }]);
  if (input.kind === "group" && memberIds.length > GROUP_MAX_MEMBERS) {
    throw new AppError("VALIDATION_FAILED", `A group has at most ${GROUP_MAX_MEMBERS} people, you included.`, [{ field: "memberIds", problem: `a group has at most ${GROUP_MAX_MEMBERS} people, you included` }]);
  }
  const created = await db.conversation.create({
    data: {
      kind: input.kind === "group" ? "GROUP" : "CHANNEL",
      name: input.name ?? null,
      createdById: user.id,
      members: { create: memberIds.map((userId) => ({ userId })) },
    },
    select: { id: true },
  });
  return { conversation: await announce(deps, user, created.id, memberIds), created: true };
}

/** New members' sockets join the room at once, and each of them hears about the conversation. */
async function announce(deps: MessagingDeps, user: SessionUser, conversationId: string, newMemberIds: string[]): Promise<ConversationSummary> {
  deps.realtime.joinUsers(newMemberIds, rooms.conversation(conversationId));
  const summaries = await Promise.all(newMemberIds.map(async (id) => [id, await conversationSummary(deps.db, id, conversationId)] as const));
  for (const [id, summary] of summaries) deps.realtime.emit(rooms.user(id), "conversation:added", summary);
  return summaries.find(([id]) => id === user.id)?.[1] ?? (await conversationSummary(deps.db, user.id, conversationId));
}

/** Adds people to a channel (admins) or a group (its members, up to 10 people in all). */
export async function addMembers(deps: MessagingDeps, user: SessionUser, conversationId: string, raw: unknown): Promise<ConversationSummary> {
  const membership = await requireMembership(deps.db, user, conversationId);
  const parsed = addMembersSchema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  if (membership.kind === "DIRECT") throw new AppError("CONFLICT", "A direct conversation stays between two people; start a group instead.");
  if ((membership.kind === "CHANNEL" || membership.kind === "VISIT") && user.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only admins can add people to this conversation.");
  const ids = await requireStaffUsers(deps.db, parsed.data.userIds, "userIds");

  const added = await deps.db.$transaction(async (tx) => {
    // Serialise additions to one conversation so the group limit holds under concurrency.
    await tx.$queryRaw`SELECT 1 FROM "Conversation" WHERE "id" = ${conversationId}::uuid FOR UPDATE`;
    const current = new Set((await tx.conversationMember.findMany({ where: { conversationId }, select: { userId: true } })).map((m) => m.userId));
    const fresh = ids.filter((id) => !current.has(id));
    if (membership.kind === "GROUP" && current.size + fresh.length > GROUP_MAX_MEMBERS) {
      throw new AppError("VALIDATION_FAILED", `A group has at most ${GROUP_MAX_MEMBERS} people.`, [{ field: "userIds", problem: `only ${GROUP_MAX_MEMBERS - current.size} more can join` }]);
    }
    await tx.conversationMember.createMany({ data: fresh.map((userId) => ({ conversationId, userId })) });
    return fresh;
  });
  if (added.length) await announce(deps, user, conversationId, added);
  return conversationSummary(deps.db, user.id, conversationId);
}

/**
 * The caller leaves a group, a channel an admin created or a visit thread (opening the
 * thread from the board again re-joins it). Direct conversations and the default channels
 * (which would re-add them at once) cannot be left. Urgent messages there stop waiting for
 * the caller's acknowledgement; the caller's sockets leave the room and their other tabs
 * drop the conversation. A group left empty stays, as conversations are never deleted.
 */
export async function leaveConversation(deps: MessagingDeps, user: SessionUser, conversationId: string): Promise<{ conversationId: string }> {
  const membership = await requireMembership(deps.db, user, conversationId);
  if (membership.kind === "DIRECT") throw new AppError("CONFLICT", "A direct conversation cannot be left; it stays between the two of you.", { conversationId });
  if (membership.kind === "CHANNEL") {
    const channel = await deps.db.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { systemKey: true, departmentId: true } });
    if (channel.systemKey === ALL_STAFF_KEY) throw new AppError("CONFLICT", "Everyone on staff is in this channel; it cannot be left.", { conversationId });
    if (channel.departmentId !== null) throw new AppError("CONFLICT", "Everyone on staff is in their department's channel; it cannot be left.", { conversationId });
  }
  await deps.db.$transaction(async (tx) => {
    // Sending locks the conversation too: an urgent message sent meanwhile either counted the
    // caller before this runs (and its acknowledgement is deleted here) or finds them gone.
    await tx.$queryRaw`SELECT 1 FROM "Conversation" WHERE "id" = ${conversationId}::uuid FOR UPDATE`;
    await tx.conversationMember.deleteMany({ where: { conversationId, userId: user.id } });
    await tx.urgentAcknowledgement.deleteMany({ where: { userId: user.id, acknowledgedAt: null, message: { conversationId } } });
  });
  deps.realtime.leaveUsers([user.id], rooms.conversation(conversationId));
  deps.realtime.emit(rooms.user(user.id), "conversation:removed", { conversationId });
  return { conversationId };
}

/**
 * The thread about one patient's visit (a queue ticket), created on first use. Its members
 * are the department's staff (and whoever opens it); patients never see it.
 */
export async function openVisitThread(deps: MessagingDeps, user: SessionUser, ticketId: string): Promise<{ conversation: ConversationSummary; created: boolean }> {
  requireStaff(user);
  const { db } = deps;
  if (!isUuid(ticketId)) throw new AppError("NOT_FOUND", "No such ticket.", { ticketId });
  const ticket = await db.ticket.findUnique({ where: { id: ticketId }, select: { id: true, departmentId: true, thread: { select: { id: true } } } });
  if (!ticket) throw new AppError("NOT_FOUND", "No such ticket.", { ticketId });
  if (ticket.thread) {
    // Staff who are not yet in it (e.g. a clinician of another department called in) join on opening.
    const joined = await db.conversationMember.createMany({ data: [{ conversationId: ticket.thread.id, userId: user.id }], skipDuplicates: true });
    if (joined.count) await announce(deps, user, ticket.thread.id, [user.id]);
    return { conversation: await conversationSummary(db, user.id, ticket.thread.id), created: false };
  }
  const memberIds = [...new Set([user.id, ...(await departmentStaffIds(db, ticket.departmentId))])];
  try {
    const created = await db.conversation.create({
      data: { kind: "VISIT", ticketId, createdById: user.id, members: { create: memberIds.map((userId) => ({ userId })) } },
      select: { id: true },
    });
    return { conversation: await announce(deps, user, created.id, memberIds), created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return openVisitThread(deps, user, ticketId);
  }
}

