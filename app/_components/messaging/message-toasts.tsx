"use client";

import Link from "next/link";
import type { MessageToast } from "@/app/_lib/messaging/use-message-alerts";
import { useMessaging } from "./messaging-provider";

/**
 * Toasts for messages that mention the user or are urgent. Mentions are announced politely;
 * urgent ones interrupt (assertive) and stay until opened or dismissed. Live regions without
 * a status or alert role, so they never compete with a page's own status line.
 */
export function MessageToasts() {
  const { alerts } = useMessaging();
  const mentions = alerts.toasts.filter((t) => !t.urgent);
  const urgent = alerts.toasts.filter((t) => t.urgent);
  return (
    <div className="message-toasts">
      <div aria-live="assertive" className="toast-stack">
        {urgent.map((toast) => (
          <Toast key={toast.id} toast={toast} />
        ))}
      </div>
      <div aria-live="polite" className="toast-stack">
        {mentions.map((toast) => (
          <Toast key={toast.id} toast={toast} />
        ))}
      </div>
    </div>
  );
}

function Toast({ toast }: { toast: MessageToast }) {
  const { alerts } = useMessaging();
  const where = toast.conversationTitle ? ` in ${toast.conversationTitle}` : "";
  return (
    <div className={toast.urgent ? "toast urgent" : "toast"} data-testid="message-toast">
      <p className="toast-title">
        <strong>{toast.urgent ? `Urgent from ${toast.senderName}` : `${toast.senderName} mentioned you`}</strong>
        {where}
      </p>
      <p className="toast-preview">{toast.preview}</p>
      <p className="actions tight">
        <Link className="button" href={`/staff/messages/${toast.conversationId}`} onClick={() => alerts.dismiss(toast.id)}>
          Open
        </Link>
        <button type="button" className="secondary" onClick={() => alerts.dismiss(toast.id)} aria-label={`Dismiss the message from ${toast.senderName}`}>
          Dismiss
        </button>
      </p>
    </div>
  );
}
