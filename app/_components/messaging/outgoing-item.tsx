"use client";

import type { Outgoing } from "@/app/_lib/messaging/send-queue";

/** One's own message before the server has it: "Sending…", or "Not sent" with why and what to do. */
export function OutgoingItem({ item, onRetry, onDiscard }: { item: Outgoing; onRetry: (clientId: string) => void; onDiscard: (clientId: string) => void }) {
  const failed = item.status === "failed";
  return (
    <li className={`message mine outgoing${failed ? " failed" : ""}`} data-testid="outgoing-message" aria-busy={!failed}>
      <p className="message-body">{item.body}</p>
      {failed ? (
        <div className="actions tight">
          <span className="error small" role="alert">
            Not sent{item.problem && !item.problem.canRetry ? `: ${item.problem.message}` : ""}
          </span>
          {item.problem?.canRetry !== false && (
            <button type="button" className="secondary" onClick={() => onRetry(item.clientId)}>
              Retry
            </button>
          )}
          <button type="button" className="secondary" onClick={() => onDiscard(item.clientId)}>
            Discard
          </button>
        </div>
      ) : (
        <p className="muted small">Sending…</p>
      )}
    </li>
  );
}
