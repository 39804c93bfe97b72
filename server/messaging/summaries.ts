import type { DbOrTx } from "../db/client.ts";
import { Prisma } from "../db/generated/client.ts";
import type { ConversationKindView, ConversationSummary, PersonRef } from "./views.ts";

const PREVIEW_CHARS = 120;

interface SummaryRow {
  id: string;
  kind: "CHANNEL" | "DIRECT" | "GROUP" | "VISIT";
  name: string | null;
  departmentId: string | null;
  systemKey: string | null;
  ticketId: string | null;
  ticketCode: string | null;
  ticketDepartmentId: string | null;
  lastEventSeq: number;
  lastReadSeq: number;
  activityAt: Date;
  memberCount: number;
  unread: number;
  unreadMentions: number;
  pendingUrgent: number;
}

/**
 * The caller's view of their conversations (all of them, or the given ones): unread counts
 * (messages from others after their read pointer, deletions not counted), unread mentions,
 * urgent messages awaiting their acknowledgement, and the latest message. Newest activity first.
 */
export async function conversationSummaries(db: DbOrTx, userId: string, onlyIds?: string[]): Promise<ConversationSummary[]> {
  if (onlyIds && onlyIds.length === 0) return [];
  const filter = onlyIds ? Prisma.sql`AND c."id" IN (${Prisma.join(onlyIds.map((id) => Prisma.sql`${id}::uuid`))})` : Prisma.empty;
  const rows = await db.$queryRaw<SummaryRow[]>`
    SELECT c."id", c."kind"::text AS "kind", c."name", c."departmentId", c."systemKey", c."ticketId",
           t."code" AS "ticketCode", t."departmentId" AS "ticketDepartmentId",
           c."lastEventSeq", me."lastReadSeq", COALESCE(c."lastMessageAt", c."createdAt") AS "activityAt",
           (SELECT count(*) FROM "ConversationMember" x WHERE x."conversationId" = c."id")::int AS "memberCount",
           (SELECT count(*) FROM "Message" m WHERE m."conversationId" = c."id" AND m."seq" > me."lastReadSeq"
              AND m."senderId" <> ${userId}::uuid AND m."deletedAt" IS NULL)::int AS "unread",
           (SELECT count(*) FROM "Message" m WHERE m."conversationId" = c."id" AND m."seq" > me."lastReadSeq"
              AND m."deletedAt" IS NULL AND ${userId}::uuid = ANY (m."mentionIds"))::int AS "unreadMentions",
           (SELECT count(*) FROM "UrgentAcknowledgement" a JOIN "Message" m ON m."id" = a."messageId"
              WHERE m."conversationId" = c."id" AND a."userId" = ${userId}::uuid AND a."acknowledgedAt" IS NULL)::int AS "pendingUrgent"
    FROM "ConversationMember" me
    JOIN "Conversation" c ON c."id" = me."conversationId"
    LEFT JOIN "Ticket" t ON t."id" = c."ticketId"
    WHERE me."userId" = ${userId}::uuid ${filter}
    ORDER BY "activityAt" DESC, c."id"`;
  if (rows.length === 0) return [];

  const ids = rows.map((r) => r.id);
  const small = rows.filter((r) => r.kind === "DIRECT" || r.kind === "GROUP").map((r) => r.id);
  const [lastMessages, smallMembers] = await Promise.all([
    db.$queryRaw<{ conversationId: string; seq: number; body: string; createdAt: Date; deletedAt: Date | null; senderName: string }[]>`
      SELECT DISTINCT ON (m."conversationId") m."conversationId", m."seq", m."body", m."createdAt", m."deletedAt", u."displayName" AS "senderName"
      FROM "Message" m JOIN "User" u ON u."id" = m."senderId"
      WHERE m."conversationId" IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})
      ORDER BY m."conversationId", m."seq" DESC`,
    small.length
      ? db.conversationMember.findMany({
          where: { conversationId: { in: small } },
          select: { conversationId: true, user: { select: { id: true, displayName: true } } },
          orderBy: { user: { displayName: "asc" } },
        })
      : Promise.resolve([]),
  ]);
  const lastById = new Map(lastMessages.map((m) => [m.conversationId, m]));
  const membersById = new Map<string, PersonRef[]>();
  for (const m of smallMembers) {
    const list = membersById.get(m.conversationId) ?? [];
    list.push({ id: m.user.id, displayName: m.user.displayName });
    membersById.set(m.conversationId, list);
  }

  return rows.map((r) => {
    const members = membersById.get(r.id) ?? null;
    const last = lastById.get(r.id);
    return {
      id: r.id,
      kind: r.kind.toLowerCase() as ConversationKindView,
      title: titleOf(r, members, userId),
      departmentId: r.departmentId,
      systemKey: r.systemKey,
      ticket: r.ticketId && r.ticketCode && r.ticketDepartmentId ? { id: r.ticketId, code: r.ticketCode, departmentId: r.ticketDepartmentId } : null,
      memberCount: r.memberCount,
      members,
      lastEventSeq: r.lastEventSeq,
      lastMessage: last
        ? { seq: last.seq, senderName: last.senderName, preview: [...last.body].slice(0, PREVIEW_CHARS).join(""), createdAt: last.createdAt.toISOString(), deleted: last.deletedAt !== null }
        : null,
      lastReadSeq: r.lastReadSeq,
      unread: r.unread,
      unreadMentions: r.unreadMentions,
      pendingUrgent: r.pendingUrgent,
    };
  });
}

function titleOf(row: SummaryRow, members: PersonRef[] | null, userId: string): string {
  if (row.kind === "VISIT") return `Visit ${row.ticketCode ?? ""}`.trim();
  if (row.name) return row.name;
  const others = (members ?? []).filter((m) => m.id !== userId).map((m) => m.displayName);
  if (row.kind === "DIRECT") return others[0] ?? "Just you";
  return others.join(", ") || "Just you";
}

/** One conversation's summary for the caller (a member). */
export async function conversationSummary(db: DbOrTx, userId: string, conversationId: string): Promise<ConversationSummary> {
  const [summary] = await conversationSummaries(db, userId, [conversationId]);
  if (!summary) throw new Error(`conversation ${conversationId} has no member ${userId}`);
  return summary;
}
