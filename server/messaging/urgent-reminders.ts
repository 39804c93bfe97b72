import type { Db } from "../db/client.ts";
import type { Realtime } from "../gateway/realtime.ts";
import { rooms } from "../gateway/rooms.ts";
import { messageInclude, toMessageView } from "./message-view.ts";

const BATCH = 500;

/**
 * Reminds each recipient of the urgent messages they have not acknowledged, once per
 * `intervalMs` per message. Rows are claimed with SKIP LOCKED and stamped in one statement,
 * so when several instances run this at once each reminder goes out once.
 */
export async function sendUrgentReminders(deps: { db: Db; realtime: Realtime }, intervalMs: number): Promise<number> {
  const due = await deps.db.$queryRaw<{ messageId: string; userId: string }[]>`
    UPDATE "UrgentAcknowledgement" a SET "lastRemindedAt" = now()
    WHERE ("messageId", "userId") IN (
      SELECT "messageId", "userId" FROM "UrgentAcknowledgement"
      WHERE "acknowledgedAt" IS NULL AND COALESCE("lastRemindedAt", "createdAt") <= now() - make_interval(secs => ${intervalMs / 1000}::double precision)
      ORDER BY "createdAt"
      LIMIT ${BATCH}
      FOR UPDATE SKIP LOCKED)
    RETURNING a."messageId", a."userId"`;
  if (due.length === 0) return 0;
  const messages = await deps.db.message.findMany({ where: { id: { in: [...new Set(due.map((d) => d.messageId))] } }, include: messageInclude, orderBy: { createdAt: "asc" } });
  const views = new Map(messages.map((m) => [m.id, toMessageView(m)]));
  const byUser = new Map<string, string[]>();
  for (const { messageId, userId } of due) byUser.set(userId, [...(byUser.get(userId) ?? []), messageId]);
  for (const [userId, ids] of byUser) {
    const pending = ids.flatMap((id) => {
      const view = views.get(id);
      return view && view.deletedAt === null ? [view] : [];
    });
    if (pending.length) deps.realtime.emit(rooms.user(userId), "urgent:reminder", { messages: pending });
  }
  return due.length;
}
