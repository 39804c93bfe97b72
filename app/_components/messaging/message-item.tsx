"use client";

import { useId, useMemo, useState, type FormEvent, type KeyboardEvent } from "react";
import { ErrorNote } from "@/app/_components/error-note";
import { bodyLength, messageTime } from "@/app/_lib/messaging/format";
import { useFocusOnMount } from "@/app/_lib/use-focus-on-mount";
import { acknowledgementLine } from "@/app/_lib/messaging/receipts";
import { MAX_MESSAGE_LENGTH, type Member, type Message } from "@/app/_lib/messaging/wire";
import { MessageText } from "./message-text";

export interface MessageActions {
  edit: (messageId: string, body: string) => Promise<string | null>;
  remove: (messageId: string) => Promise<string | null>;
}

/**
 * One message: sender, time, "(edited)", the text (links and mentions), or "This message
 * was deleted". One's own messages can be edited in place and deleted; one's own urgent
 * messages say who has acknowledged them.
 */
export function MessageItem({ message, meId, members, seen, actions }: { message: Message; meId: string; members: readonly Member[]; seen: string | null; actions: MessageActions }) {
  const mine = message.sender.id === meId;
  const deleted = message.deletedAt !== null;
  const [mode, setMode] = useState<"read" | "edit" | "delete">("read");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mentioned = useMemo(() => members.filter((m) => message.mentionIds.includes(m.id)), [members, message.mentionIds]);
  const time = messageTime(message.createdAt);
  const acknowledged = mine && message.urgent && !deleted ? acknowledgementLine(message) : null;

  async function run(action: () => Promise<string | null>) {
    setBusy(true);
    setError(null);
    const problem = await action();
    setBusy(false);
    if (problem) setError(problem);
    else setMode("read");
  }

  return (
    <li className={`message${mine ? " mine" : ""}${message.urgent && !deleted ? " urgent" : ""}`} data-testid="message" data-seq={message.seq} data-mine={mine || undefined}>
      <p className="message-meta">
        <strong className="sender">{message.sender.displayName}</strong> <time dateTime={message.createdAt}>{time}</time>
        {message.urgent && !deleted && <span className="badge urgent">Urgent</span>}
        {message.editedAt && !deleted && <span className="muted small"> (edited)</span>}
      </p>
      {deleted ? (
        <p className="message-body deleted">This message was deleted</p>
      ) : mode === "edit" ? (
        <EditForm initial={message.body} busy={busy} onSave={(body) => void run(() => actions.edit(message.id, body))} onCancel={() => setMode("read")} />
      ) : (
        <p className="message-body">
          <MessageText body={message.body} members={mentioned} meId={meId} />
        </p>
      )}
      {acknowledged && (
        <p className="muted small" data-testid="acknowledgements">
          {acknowledged}
        </p>
      )}
      {mine && !deleted && mode === "read" && (
        <p className="message-actions actions tight">
          <button type="button" className="secondary" onClick={() => setMode("edit")} aria-label={`Edit your message from ${time}`}>
            Edit
          </button>
          <button type="button" className="secondary" onClick={() => setMode("delete")} aria-label={`Delete your message from ${time}`}>
            Delete
          </button>
        </p>
      )}
      {mode === "delete" && (
        <p className="actions tight" role="group" aria-label="Delete this message?">
          <span>Delete this message?</span>
          <button type="button" className="danger" disabled={busy} onClick={() => void run(() => actions.remove(message.id))}>
            Delete
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => setMode("read")}>
            Keep
          </button>
        </p>
      )}
      <ErrorNote message={error} small />
      {seen && (
        <p className="seen muted small" data-testid="seen">
          {seen}
        </p>
      )}
    </li>
  );
}

function EditForm({ initial, busy, onSave, onCancel }: { initial: string; busy: boolean; onSave: (body: string) => void; onCancel: () => void }) {
  const id = useId();
  const [body, setBody] = useState(initial);
  // The edit button is gone: the text being edited takes the focus.
  const field = useFocusOnMount<HTMLTextAreaElement>();
  const length = bodyLength(body.trim());
  const valid = length > 0 && length <= MAX_MESSAGE_LENGTH;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (valid && body.trim() !== initial) onSave(body.trim());
    else if (body.trim() === initial) onCancel();
  }
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Escape") onCancel();
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  }

  return (
    <form className="edit-form" onSubmit={onSubmit}>
      <label htmlFor={`${id}-body`} className="visually-hidden">
        Edit message
      </label>
      <textarea ref={field} id={`${id}-body`} value={body} rows={Math.min(8, body.split("\n").length + 1)} onChange={(e) => setBody(e.target.value)} onKeyDown={onKeyDown} />
      {length > MAX_MESSAGE_LENGTH && <p className="error small">{`${length} / ${MAX_MESSAGE_LENGTH} characters: shorten it to save.`}</p>}
      <p className="actions tight">
        <button type="submit" disabled={busy || !valid}>
          Save
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </p>
    </form>
  );
}
