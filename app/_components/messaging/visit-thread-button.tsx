"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorNote } from "@/app/_components/error-note";
import { callApi } from "@/app/_lib/api-client";
import { visitThread } from "@/app/_lib/messaging/inbox";
import { oneConversationSchema } from "@/app/_lib/messaging/wire";
import { useMessaging } from "./messaging-provider";

/**
 * "Thread" on a queue ticket: opens the visit's conversation (made on first use), with its
 * live unread count once it has one.
 */
export function VisitThreadButton({ ticketId, code }: { ticketId: string; code: string }) {
  const router = useRouter();
  const { inbox, addConversation } = useMessaging();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const thread = inbox ? visitThread(inbox, ticketId) : undefined;
  const unread = thread?.unread ?? 0;

  async function open() {
    setBusy(true);
    setError(null);
    const answer = await callApi(`/api/tickets/${ticketId}/thread`, oneConversationSchema, {});
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error.message);
      return;
    }
    addConversation(answer.data.conversation);
    router.push(`/staff/messages/${answer.data.conversation.id}`);
  }

  return (
    <>
      <button type="button" className="secondary thread-button" disabled={busy} onClick={() => void open()} aria-label={`Thread about ${code}${unread > 0 ? `, ${unread} unread` : ""}`}>
        Thread
        {unread > 0 && (
          <span className="unread-badge" data-testid={`thread-unread-${ticketId}`} aria-hidden="true">
            {unread}
          </span>
        )}
      </button>
      <ErrorNote message={error} small />
    </>
  );
}
