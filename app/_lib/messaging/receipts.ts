import type { ConversationKind, Member, Message } from "./wire";

function list(names: readonly string[]): string {
  return names.join(", ");
}

/**
 * Under one's latest message in a direct or group conversation: who has read it, from the
 * members' read pointers. "Seen" in a direct conversation, "Seen by …" in a group, null
 * while nobody has (and in channels and visit threads, which are too big for receipts).
 */
export function seenLine(kind: ConversationKind, members: readonly Member[], meId: string, message: Pick<Message, "seq" | "sender">): string | null {
  if (kind !== "direct" && kind !== "group") return null;
  const seen = members.filter((m) => m.id !== meId && m.id !== message.sender.id && m.lastReadSeq >= message.seq);
  if (seen.length === 0) return null;
  if (kind === "direct") return "Seen";
  return `Seen by ${list(seen.map((m) => m.displayName))}`;
}

/** The sender's view of an urgent message: "Acknowledged by X, Y · waiting for Z". */
export function acknowledgementLine(message: Pick<Message, "acknowledgements">): string | null {
  const acknowledgements = message.acknowledgements;
  if (!acknowledgements || acknowledgements.length === 0) return null;
  const done = acknowledgements.filter((a) => a.acknowledgedAt).map((a) => a.displayName);
  const waiting = acknowledgements.filter((a) => !a.acknowledgedAt).map((a) => a.displayName);
  if (waiting.length === 0) return `Acknowledged by ${list(done)}`;
  if (done.length === 0) return `Waiting for ${list(waiting)} to acknowledge`;
  return `Acknowledged by ${list(done)} · waiting for ${list(waiting)}`;
}

/** Whether this user still has to acknowledge this urgent message. */
export function mustAcknowledge(message: Pick<Message, "urgent" | "deletedAt" | "acknowledgements">, meId: string): boolean {
  return message.urgent && !message.deletedAt && (message.acknowledgements ?? []).some((a) => a.userId === meId && !a.acknowledgedAt);
}
