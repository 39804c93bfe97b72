import type { DbOrTx } from "../db/client.ts";
import type { MessageView } from "./views.ts";

/** What a message row needs loaded to become a MessageView. */
export const messageInclude = {
  sender: { select: { id: true, displayName: true } },
  acknowledgements: { select: { userId: true, acknowledgedAt: true, user: { select: { displayName: true } } }, orderBy: { user: { displayName: "asc" } } },
} as const;

export interface MessageRow {
  id: string;
  conversationId: string;
  seq: number;
  eventSeq: number;
  clientId: string;
  body: string;
  urgent: boolean;
  mentionIds: string[];
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  sender: { id: string; displayName: string };
  acknowledgements: { userId: string; acknowledgedAt: Date | null; user: { displayName: string } }[];
}

export function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    eventSeq: row.eventSeq,
    clientId: row.clientId,
    sender: { id: row.sender.id, displayName: row.sender.displayName },
    body: row.body,
    urgent: row.urgent,
    mentionIds: row.mentionIds,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    acknowledgements: row.urgent
      ? row.acknowledgements.map((a) => ({ userId: a.userId, displayName: a.user.displayName, acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null }))
      : null,
  };
}

export async function loadMessageView(db: DbOrTx, id: string): Promise<MessageView> {
  return toMessageView(await db.message.findUniqueOrThrow({ where: { id }, include: messageInclude }));
}
