import type { DbOrTx } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { isUuid } from "../patients/patient-fields.ts";
import { isStaff, type SessionUser } from "../roles.ts";

/** Staff messaging is for staff only: patients are refused before anything is read. */
export function requireStaff(user: SessionUser): void {
  if (!isStaff(user.role)) throw new AppError("FORBIDDEN", "Messaging is for clinic staff.");
}

export interface Membership {
  conversationId: string;
  kind: "CHANNEL" | "DIRECT" | "GROUP" | "VISIT";
  lastReadSeq: number;
}

/**
 * The caller's membership of a conversation. An unknown conversation is 404; one the caller
 * is not in is 403 — nothing about it is read or written.
 */
export async function requireMembership(db: DbOrTx, user: SessionUser, conversationId: string): Promise<Membership> {
  requireStaff(user);
  if (!isUuid(conversationId)) throw new AppError("NOT_FOUND", "No such conversation.", { conversationId });
  const conversation = await db.conversation.findUnique({
    where: { id: conversationId },
    select: { kind: true, members: { where: { userId: user.id }, select: { lastReadSeq: true } } },
  });
  if (!conversation) throw new AppError("NOT_FOUND", "No such conversation.", { conversationId });
  const member = conversation.members[0];
  if (!member) throw new AppError("FORBIDDEN", "You are not a member of this conversation.", { conversationId });
  return { conversationId, kind: conversation.kind, lastReadSeq: member.lastReadSeq };
}
