import { z } from "zod";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import { requireMembership, requireStaff } from "../messaging/access.ts";
import { ensureDefaultChannelsFor } from "../messaging/default-channels.ts";
import { acknowledgeMessage, deleteMessage, editMessage, markRead, sendMessage, syncConversation } from "../messaging/messages.ts";
import type { PresenceStore } from "../messaging/presence.ts";
import { editMessageSchema, markReadSchema, messageIdSchema, presenceSetSchema, sendMessageSchema, syncSchema, typingSchema } from "../messaging/rules.ts";
import { listStaff } from "../messaging/staff-directory.ts";
import type { PresenceChange } from "../messaging/views.ts";
import { isStaff } from "../roles.ts";
import type { ClinicflowSocket } from "./contract.ts";
import { handleEvent } from "./handle.ts";
import type { Realtime } from "./realtime.ts";
import { rooms } from "./rooms.ts";

export interface MessagingGatewayDeps {
  db: Db;
  realtime: Realtime;
  presence: PresenceStore;
  metrics: Metrics;
  logger: Logger;
  sendLimiter?: RateLimiterAbstract;
  /** Every presence update in flight, so shutdown can wait for them before closing Redis. */
  presenceInFlight: Set<Promise<unknown>>;
}

/**
 * Handshake step for staff: the conversations they are in, read before the connection is
 * accepted, so their rooms are joined in the same tick the client learns it is connected.
 * A message committed before that is in the client's catch-up read; one after, reaches the room.
 */
export function loadConversations(db: Db) {
  return async (socket: ClinicflowSocket, next: (err?: Error) => void) => {
    const { user } = socket.data;
    if (!user || !isStaff(user.role)) return next();
    try {
      await ensureDefaultChannelsFor(db, user.id);
      const rows = await db.conversationMember.findMany({ where: { userId: user.id }, select: { conversationId: true } });
      socket.data.conversationIds = rows.map((r) => r.conversationId);
      socket.data.presence = (socket.handshake.auth as { presence?: unknown } | undefined)?.presence !== false;
      next();
    } catch {
      next(Object.assign(new Error("UNAVAILABLE"), { data: { code: "UNAVAILABLE", message: "Could not load your conversations. Try again shortly." } }));
    }
  };
}

export function publishPresence(realtime: Realtime, change: PresenceChange | null): void {
  if (change) realtime.emit(rooms.staff(), "presence:changed", change);
}

export function registerMessagingHandlers(socket: ClinicflowSocket, deps: MessagingGatewayDeps, log: Logger): void {
  const { user } = socket.data;
  // This connection's presence updates run one after another, so a quick disconnect can
  // never be overtaken by the connect it follows.
  let presenceChain: Promise<unknown> = Promise.resolve();
  const updatePresence = (update: () => Promise<PresenceChange | null>) => {
    const step = presenceChain.then(update).then((change) => publishPresence(deps.realtime, change));
    const settled = step.catch((error: unknown) => log.warn({ err: error }, "presence update failed"));
    presenceChain = settled;
    deps.presenceInFlight.add(settled);
    void settled.finally(() => deps.presenceInFlight.delete(settled));
    return step;
  };

  if (isStaff(user.role)) {
    void socket.join((socket.data.conversationIds ?? []).map(rooms.conversation));
    if (socket.data.presence) {
      void updatePresence(() => deps.presence.set(user.id, socket.id, "online")).catch(() => undefined);
      socket.on("disconnect", () => void updatePresence(() => deps.presence.remove(user.id, socket.id)).catch(() => undefined));
    }
  }

  handleEvent(socket, log, "message:send", sendMessageSchema, async (input) => {
    const stopTimer = deps.metrics.messageSendSeconds.startTimer();
    const result = await sendMessage(deps, user, input);
    stopTimer();
    if (!result.duplicate) deps.metrics.messagesSent.inc({ kind: result.kind });
    return { message: result.message, duplicate: result.duplicate };
  });
  handleEvent(socket, log, "message:edit", editMessageSchema, async ({ messageId, body }) => ({ message: await editMessage(deps, user, messageId, body) }));
  handleEvent(socket, log, "message:delete", messageIdSchema, async ({ messageId }) => ({ message: await deleteMessage(deps, user, messageId) }));
  handleEvent(socket, log, "message:acknowledge", messageIdSchema, ({ messageId }) => acknowledgeMessage(deps, user, messageId));
  handleEvent(socket, log, "conversation:read", markReadSchema, ({ conversationId, seq }) => markRead(deps, user, conversationId, seq));
  handleEvent(socket, log, "conversation:sync", syncSchema, async ({ conversationId, afterEventSeq }) => {
    const result = await syncConversation(deps.db, user, conversationId, afterEventSeq);
    // Added while disconnected: from now on, hear it live too.
    await socket.join(rooms.conversation(conversationId));
    return result;
  });

  handleEvent(socket, log, "typing:set", typingSchema, async ({ conversationId, typing }) => {
    requireStaff(user);
    const room = rooms.conversation(conversationId);
    if (!socket.rooms.has(room)) {
      await requireMembership(deps.db, user, conversationId);
      await socket.join(room);
    }
    deps.metrics.socketEventsEmitted.inc({ event: "typing" });
    socket.to(room).emit("typing", { conversationId, user: { id: user.id, displayName: user.displayName }, typing });
    return { ok: true as const };
  });

  handleEvent(socket, log, "presence:set", presenceSetSchema, async ({ status }) => {
    requireStaff(user);
    if (!socket.data.presence) throw new AppError("CONFLICT", "This connection was opened without presence (auth.presence: false).");
    if (socket.disconnected) throw new AppError("CONFLICT", "This connection has closed.");
    await updatePresence(() => deps.presence.set(user.id, socket.id, status));
    return { status };
  });

  handleEvent(socket, log, "presence:list", z.object({}), () => listStaff(deps.db, deps.presence, user));
}
