"use client";

import { useState } from "react";
import { ErrorNote } from "@/app/_components/error-note";
import { messageTime } from "@/app/_lib/messaging/format";
import type { Member, Message } from "@/app/_lib/messaging/wire";
import { MessageText } from "./message-text";

/** Urgent messages the reader has not acknowledged, pinned above the conversation until they do. */
export function PinnedUrgent({ messages, members, meId, onAcknowledge }: { messages: Message[]; members: readonly Member[]; meId: string; onAcknowledge: (messageId: string) => Promise<string | null> }) {
  if (messages.length === 0) return null;
  return (
    <section className="pinned-urgent" aria-label="Urgent messages to acknowledge" data-testid="pinned-urgent">
      <h2 className="visually-hidden">Urgent messages to acknowledge</h2>
      <ul className="plain">
        {messages.map((message) => (
          <PinnedMessage key={message.id} message={message} members={members} meId={meId} onAcknowledge={onAcknowledge} />
        ))}
      </ul>
    </section>
  );
}

function PinnedMessage({ message, members, meId, onAcknowledge }: { message: Message; members: readonly Member[]; meId: string; onAcknowledge: (messageId: string) => Promise<string | null> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mentioned = members.filter((m) => message.mentionIds.includes(m.id));
  return (
    <li>
      <p className="message-meta">
        <span className="badge urgent">Urgent</span> <strong>{message.sender.displayName}</strong> <time dateTime={message.createdAt}>{messageTime(message.createdAt)}</time>
      </p>
      <p className="message-body">
        <MessageText body={message.body} members={mentioned} meId={meId} />
      </p>
      <p className="actions tight">
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            const problem = await onAcknowledge(message.id);
            setBusy(false);
            setError(problem);
          }}
        >
          Acknowledge
        </button>
      </p>
      <ErrorNote message={error} small />
    </li>
  );
}
