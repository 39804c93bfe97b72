"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from "react";
import type { Message } from "./wire";

export interface MessageToast {
  /** The message's id: one toast per message, however often it is reminded. */
  id: string;
  conversationId: string;
  conversationTitle: string | null;
  senderName: string;
  preview: string;
  urgent: boolean;
}

export type NotificationState = NotificationPermission | "unsupported";

export interface MessageAlerts {
  toasts: MessageToast[];
  /** A message that mentions the user or is urgent arrived. */
  alert: (message: Message, conversationTitle: string | null) => void;
  /** The server's reminder of urgent messages still to acknowledge. */
  remind: (messages: Message[], titleOf: (conversationId: string) => string | null) => void;
  dismiss: (id: string) => void;
  /** The user opened the conversation: its toasts have done their job. */
  dismissConversation: (conversationId: string) => void;
  notifications: NotificationState;
  /** Asks the browser for permission; only ever from a click, never on load. */
  enableNotifications: () => Promise<void>;
}

/** A mention's toast goes after this long; an urgent one stays until dismissed or opened. */
const MENTION_TOAST_MS = 12_000;
const PREVIEW_LENGTH = 160;

function readPermission(): NotificationState {
  return typeof window !== "undefined" && "Notification" in window ? Notification.permission : "unsupported";
}

const permissionListeners = new Set<() => void>();

/** The permission changes when the user answers the prompt (or changes it in the browser's settings). */
function subscribeToPermission(onChange: () => void): () => void {
  permissionListeners.add(onChange);
  let status: PermissionStatus | null = null;
  navigator.permissions
    ?.query({ name: "notifications" })
    .then((s) => {
      status = s;
      s.addEventListener("change", onChange);
    })
    .catch(() => undefined);
  return () => {
    permissionListeners.delete(onChange);
    status?.removeEventListener("change", onChange);
  };
}

function onScreen(viewing: RefObject<string | null>, conversationId: string): boolean {
  return viewing.current === conversationId && document.visibilityState === "visible";
}

/**
 * In-app toasts for messages that mention the user or are urgent, and a browser notification
 * for a mention while the tab is in the background (when the user allowed them). Nothing
 * alerts for the conversation the user is looking at.
 */
export function useMessageAlerts(meId: string, viewing: RefObject<string | null>): MessageAlerts {
  const router = useRouter();
  const [toasts, setToasts] = useState<MessageToast[]>([]);
  const notifications = useSyncExternalStore(subscribeToPermission, readPermission, () => "unsupported" as const);
  /** Mention toasts going away by themselves, by message id. */
  const timers = useRef(new Map<string, { timer: ReturnType<typeof setTimeout>; conversationId: string }>());

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(({ timer }) => clearTimeout(timer));
  }, []);

  const dismiss = useCallback((id: string) => {
    clearTimeout(timers.current.get(id)?.timer);
    timers.current.delete(id);
    setToasts((current) => current.filter((t) => t.id !== id));
  }, []);

  const show = useCallback(
    (toast: MessageToast) => {
      setToasts((current) => (current.some((t) => t.id === toast.id) ? current : [...current, toast]));
      if (!toast.urgent && !timers.current.has(toast.id)) timers.current.set(toast.id, { timer: setTimeout(() => dismiss(toast.id), MENTION_TOAST_MS), conversationId: toast.conversationId });
    },
    [dismiss],
  );

  const toastFor = useCallback(
    (message: Message, conversationTitle: string | null): MessageToast => ({
      id: message.id,
      conversationId: message.conversationId,
      conversationTitle,
      senderName: message.sender.displayName,
      preview: message.body.slice(0, PREVIEW_LENGTH),
      urgent: message.urgent,
    }),
    [],
  );

  const alert = useCallback(
    (message: Message, conversationTitle: string | null) => {
      if (onScreen(viewing, message.conversationId)) return;
      show(toastFor(message, conversationTitle));
      const mentioned = message.mentionIds.includes(meId);
      if (mentioned && readPermission() === "granted" && (document.visibilityState === "hidden" || !document.hasFocus())) {
        const where = conversationTitle ? ` in ${conversationTitle}` : "";
        const notification = new Notification(`${message.sender.displayName} mentioned you${where}`, { body: message.body.slice(0, PREVIEW_LENGTH), tag: message.id });
        notification.onclick = () => {
          window.focus();
          router.push(`/staff/messages/${message.conversationId}`);
          notification.close();
        };
      }
    },
    [meId, viewing, show, toastFor, router],
  );

  const remind = useCallback(
    (messages: Message[], titleOf: (conversationId: string) => string | null) => {
      for (const message of messages) if (!onScreen(viewing, message.conversationId)) show(toastFor(message, titleOf(message.conversationId)));
    },
    [viewing, show, toastFor],
  );

  const dismissConversation = useCallback((conversationId: string) => {
    for (const [id, pending] of timers.current) {
      if (pending.conversationId !== conversationId) continue;
      clearTimeout(pending.timer);
      timers.current.delete(id);
    }
    setToasts((current) => (current.some((t) => t.conversationId === conversationId) ? current.filter((t) => t.conversationId !== conversationId) : current));
  }, []);

  const enableNotifications = useCallback(async () => {
    if (readPermission() === "unsupported") return;
    await Notification.requestPermission();
    for (const listener of permissionListeners) listener();
  }, []);

  return useMemo(
    () => ({ toasts, alert, remind, dismiss, dismissConversation, notifications, enableNotifications }),
    [toasts, alert, remind, dismiss, dismissConversation, notifications, enableNotifications],
  );
}
