"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import type { ClinicSocket } from "../use-clinic-socket";
import { setTyping } from "./socket-calls";
import { TypingAnnouncer, TypingIndicators } from "./typing";
import { messageSchema, typingEventSchema } from "./wire";

/** Who else is typing in the conversation; an indicator goes when its message arrives or after a few quiet seconds. */
export function useTypingNames(socket: ClinicSocket | null, conversationId: string, meId: string): string[] {
  const [names, setNames] = useState<string[]>([]);

  useEffect(() => {
    if (!socket) return;
    const typists = new TypingIndicators();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      const now = Date.now();
      setNames(typists.names(now));
      const next = typists.nextExpiry();
      if (next !== null) timer = setTimeout(refresh, Math.max(0, next - now) + 20);
    };
    const onTyping = (raw: unknown) => {
      const event = typingEventSchema.safeParse(raw).data;
      // Another of one's own tabs or pages is not "someone typing".
      if (!event || event.conversationId !== conversationId || event.user.id === meId) return;
      typists.update(event, Date.now());
      refresh();
    };
    const onMessage = (raw: unknown) => {
      const message = messageSchema.safeParse(raw).data;
      if (message?.conversationId === conversationId && typists.stopped(message.sender.id)) refresh();
    };
    const onDisconnect = () => {
      typists.clear();
      refresh();
    };
    socket.on("typing", onTyping);
    socket.on("message:new", onMessage);
    socket.on("disconnect", onDisconnect);
    return () => {
      clearTimeout(timer);
      socket.off("typing", onTyping);
      socket.off("message:new", onMessage);
      socket.off("disconnect", onDisconnect);
    };
  }, [socket, conversationId, meId]);

  return names;
}

/** Tells the others while the user types: again at most every few seconds, and "stopped" on send, blur or leaving. */
export function useTypingAnnouncer(socket: ClinicSocket | null, conversationId: string): { typed: () => void; stopped: () => void } {
  const [announcer] = useState(() => new TypingAnnouncer());

  const typed = useCallback(() => {
    if (socket && announcer.typed(Date.now())) setTyping(socket, conversationId, true);
  }, [socket, conversationId, announcer]);
  const stopped = useCallback(() => {
    if (socket && announcer.stop()) setTyping(socket, conversationId, false);
  }, [socket, conversationId, announcer]);

  useEffect(() => stopped, [stopped]);

  return useMemo(() => ({ typed, stopped }), [typed, stopped]);
}
