import { acknowledge } from "./message-store";
import { mustAcknowledge } from "./receipts";
import type { Acknowledged, Detail, Message, Read } from "./wire";

/**
 * The open conversation's detail (members with their read pointers, pinned urgent messages)
 * kept live by events. Each returns the same object when nothing changed.
 */

/** A member read further: read pointers only move forward. */
export function withReadPointer(detail: Detail, event: Pick<Read, "userId" | "lastReadSeq">): Detail {
  const member = detail.members.find((m) => m.id === event.userId);
  if (!member || member.lastReadSeq >= event.lastReadSeq) return detail;
  return { ...detail, members: detail.members.map((m) => (m.id === event.userId ? { ...m, lastReadSeq: event.lastReadSeq } : m)) };
}

/** A re-read detail: read pointers never move back because an answer was read before an event. */
export function refreshedDetail(previous: Detail | null, next: Detail): Detail {
  if (!previous) return next;
  return previous.members.reduce((detail, m) => withReadPointer(detail, { userId: m.id, lastReadSeq: m.lastReadSeq }), next);
}

/** A message seen live or in a catch-up: a newer version of a pinned one replaces it; a new urgent one for this user is pinned. */
export function withPinnedVersion(detail: Detail, message: Message, meId: string): Detail {
  const known = detail.pinned.find((m) => m.id === message.id);
  if (known) return known.eventSeq >= message.eventSeq ? detail : { ...detail, pinned: detail.pinned.map((m) => (m.id === message.id ? message : m)) };
  return mustAcknowledge(message, meId) ? { ...detail, pinned: [...detail.pinned, message] } : detail;
}

/** Someone acknowledged: the pinned copy says so (and drops out of the pinned list when it was this user). */
export function withAcknowledgement(detail: Detail, event: Acknowledged): Detail {
  return detail.pinned.some((m) => m.id === event.messageId) ? { ...detail, pinned: detail.pinned.map((m) => (m.id === event.messageId ? acknowledge(m, event) : m)) } : detail;
}
