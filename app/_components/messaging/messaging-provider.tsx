"use client";

import { usePathname, useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { callApi } from "@/app/_lib/api-client";
import { conversationAdded, conversationRemoved, messageArrived, messageUpdated, readAcknowledged, readMoved, totalUnread, urgentAcknowledged, type Inbox } from "@/app/_lib/messaging/inbox";
import { LiveInbox, settled } from "@/app/_lib/messaging/live-inbox";
import { useMessageAlerts, type MessageAlerts } from "@/app/_lib/messaging/use-message-alerts";
import { usePresenceReporting } from "@/app/_lib/messaging/use-presence-reporting";
import { useStaffDirectory, type StaffDirectory } from "@/app/_lib/messaging/use-staff-directory";
import { acknowledgedSchema, conversationListSchema, conversationRemovedSchema, conversationSchema, messageSchema, readEventSchema, urgentReminderSchema, type Conversation } from "@/app/_lib/messaging/wire";
import { useClinicSocket, type ClinicSocket, type ConnectionState } from "@/app/_lib/use-clinic-socket";
import type { SessionUser } from "@/server/roles";
import { MessageToasts } from "./message-toasts";
import "./messaging.css";

export interface Messaging {
  me: SessionUser;
  socket: ClinicSocket | null;
  state: ConnectionState;
  /** The user's conversations, newest activity first; null until first read. */
  inbox: Inbox | null;
  inboxProblem: string | null;
  totalUnread: number;
  /** The conversation on screen, while the user can see its newest messages (they are read as they come). */
  setViewing: (conversationId: string | null) => void;
  /** This tab read a conversation: the server's count. */
  readAnswered: (answer: { conversationId: string; lastReadSeq: number; unread: number }) => void;
  /** A conversation this tab created or opened. */
  addConversation: (conversation: Conversation) => void;
  /** A conversation this tab left: it goes from the list. */
  removeConversation: (conversationId: string) => void;
  staff: StaffDirectory;
  alerts: MessageAlerts;
}

const MessagingContext = createContext<Messaging | null>(null);

/** Staff messaging for every staff page: the one socket that counts towards presence, the inbox with unread counts, and alerts. */
export function useMessaging(): Messaging {
  const messaging = useContext(MessagingContext);
  if (!messaging) throw new Error("useMessaging() outside <MessagingProvider>");
  return messaging;
}

/**
 * Mounted once for signed-in staff (app/layout.tsx), around the header and the page, so the
 * connection, the counts and the alerts live across navigation. The inbox is read at every
 * (re)connect and kept live by events in between: a message from someone else counts unless
 * its conversation is on screen, a read of one's own (any tab) clears or re-reads, a new
 * conversation is added, one left (in any tab) is dropped.
 */
export function MessagingProvider({ me, children }: { me: SessionUser; children: ReactNode }) {
  const { socket, state } = useClinicSocket({ presence: true });
  usePresenceReporting(socket);
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [inboxProblem, setInboxProblem] = useState<string | null>(null);
  const viewing = useRef<string | null>(null);
  const staff = useStaffDirectory(socket);
  const alerts = useMessageAlerts(me.id, viewing);
  const [live] = useState(
    () =>
      new LiveInbox({
        read: async () => {
          const answer = await callApi("/api/conversations", conversationListSchema);
          return answer.ok ? { ok: true, inbox: answer.data.conversations } : { ok: false, message: answer.error.message };
        },
        onChange: setInbox,
        onProblem: setInboxProblem,
      }),
  );
  const { alert, remind } = alerts;
  const router = useRouter();
  const pathname = usePathname();
  const shownPath = useRef(pathname);
  useEffect(() => {
    shownPath.current = pathname;
  }, [pathname]);

  useEffect(() => {
    if (!socket) return;
    const onConnect = () => void live.reload();
    const onNew = (raw: unknown) => {
      const message = messageSchema.safeParse(raw).data;
      if (!message) return;
      const seenNow = viewing.current === message.conversationId;
      live.apply((current) => messageArrived(current, message, me.id, seenNow));
      if (message.sender.id !== me.id && (message.urgent || message.mentionIds.includes(me.id))) {
        alert(message, live.inbox?.find((c) => c.id === message.conversationId)?.title ?? null);
      }
    };
    const onUpdated = (raw: unknown) => {
      const message = messageSchema.safeParse(raw).data;
      if (message) live.apply((current) => settled(messageUpdated(current, message)));
    };
    const onRead = (raw: unknown) => {
      const event = readEventSchema.safeParse(raw).data;
      if (event && event.userId === me.id) live.apply((current) => readMoved(current, event));
    };
    const onAdded = (raw: unknown) => {
      const conversation = conversationSchema.safeParse(raw).data;
      if (conversation) live.apply((current) => settled(conversationAdded(current, conversation)));
    };
    // Left in another tab (or this one): a tab showing it goes back to the list.
    const onRemoved = (raw: unknown) => {
      const event = conversationRemovedSchema.safeParse(raw).data;
      if (!event) return;
      live.apply((current) => settled(conversationRemoved(current, event.conversationId)));
      if (shownPath.current === `/staff/messages/${event.conversationId}`) router.replace("/staff/messages");
    };
    const onAcknowledged = (raw: unknown) => {
      const event = acknowledgedSchema.safeParse(raw).data;
      if (event && event.userId === me.id) live.apply((current) => settled(urgentAcknowledged(current, event.conversationId)));
    };
    const onReminder = (raw: unknown) => {
      const reminder = urgentReminderSchema.safeParse(raw).data;
      if (reminder) remind(reminder.messages, (conversationId) => live.inbox?.find((c) => c.id === conversationId)?.title ?? null);
    };
    socket.on("connect", onConnect);
    // The server's Redis came back: messages from other instances may have been lost meanwhile.
    socket.on("server:resync", onConnect);
    socket.on("message:new", onNew);
    socket.on("message:updated", onUpdated);
    socket.on("conversation:read", onRead);
    socket.on("conversation:added", onAdded);
    socket.on("conversation:removed", onRemoved);
    socket.on("message:acknowledged", onAcknowledged);
    socket.on("urgent:reminder", onReminder);
    if (socket.connected) void live.reload();
    return () => {
      socket.off("connect", onConnect);
      socket.off("server:resync", onConnect);
      socket.off("message:new", onNew);
      socket.off("message:updated", onUpdated);
      socket.off("conversation:read", onRead);
      socket.off("conversation:added", onAdded);
      socket.off("conversation:removed", onRemoved);
      socket.off("message:acknowledged", onAcknowledged);
      socket.off("urgent:reminder", onReminder);
    };
  }, [socket, live, me.id, alert, remind, router]);

  useEffect(() => () => live.dispose(), [live]);

  const setViewing = useCallback((conversationId: string | null) => {
    viewing.current = conversationId;
  }, []);
  const readAnswered = useCallback((answer: { conversationId: string; lastReadSeq: number; unread: number }) => live.apply((current) => settled(readAcknowledged(current, answer))), [live]);
  const addConversation = useCallback((conversation: Conversation) => live.apply((current) => settled(conversationAdded(current, conversation))), [live]);
  const removeConversation = useCallback((conversationId: string) => live.apply((current) => settled(conversationRemoved(current, conversationId))), [live]);

  const value = useMemo<Messaging>(
    () => ({ me, socket, state, inbox, inboxProblem, totalUnread: inbox ? totalUnread(inbox) : 0, setViewing, readAnswered, addConversation, removeConversation, staff, alerts }),
    [me, socket, state, inbox, inboxProblem, setViewing, readAnswered, addConversation, removeConversation, staff, alerts],
  );
  return (
    <MessagingContext.Provider value={value}>
      {children}
      <MessageToasts />
    </MessagingContext.Provider>
  );
}
