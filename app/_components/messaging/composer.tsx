"use client";

import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { bodyLength } from "@/app/_lib/messaging/format";
import { insertMention, mentionQuery, mentionSuggestions } from "@/app/_lib/messaging/mentions";
import { MAX_MESSAGE_LENGTH, type Member } from "@/app/_lib/messaging/wire";

/** The character count shows from here on. */
const COUNTER_FROM = MAX_MESSAGE_LENGTH - 500;

interface Suggestions {
  start: number;
  caret: number;
  people: Member[];
}

/**
 * Writing a message: Enter sends, Shift+Enter starts a new line; "Urgent" asks the others to
 * acknowledge it; "@" suggests the conversation's members (arrows to pick, Enter or Tab to
 * insert, Escape to close). A count of characters appears near the limit.
 */
export function Composer({
  title,
  members,
  meId,
  disabled,
  onSend,
  onTyping,
  onStopTyping,
}: {
  title: string;
  members: readonly Member[];
  meId: string;
  disabled: boolean;
  onSend: (body: string, urgent: boolean) => void;
  onTyping: () => void;
  onStopTyping: () => void;
}) {
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState("");
  const [urgent, setUrgent] = useState(false);
  const [suggestions, setSuggestions] = useState<Suggestions | null>(null);
  const [active, setActive] = useState(0);
  const length = bodyLength(draft.trim());
  const tooLong = length > MAX_MESSAGE_LENGTH;
  const others = members.filter((m) => m.id !== meId);

  function lookForMention(text: string, caret: number) {
    const found = mentionQuery(text, caret);
    const people = found ? mentionSuggestions(others, found.query) : [];
    setSuggestions(found && people.length > 0 ? { start: found.start, caret, people } : null);
    setActive(0);
  }

  function change(text: string, caret: number) {
    setDraft(text);
    lookForMention(text, caret);
    if (text.trim()) onTyping();
    else onStopTyping();
  }

  function pick(person: Member) {
    if (!suggestions) return;
    const next = insertMention(draft, suggestions.start, suggestions.caret, person.displayName);
    setDraft(next.text);
    setSuggestions(null);
    requestAnimationFrame(() => {
      field.current?.focus();
      field.current?.setSelectionRange(next.caret, next.caret);
    });
  }

  function submit(event?: FormEvent<HTMLFormElement>) {
    event?.preventDefault();
    const body = draft.trim();
    if (!body || tooLong || disabled) return;
    onSend(body, urgent);
    onStopTyping();
    setDraft("");
    setUrgent(false);
    setSuggestions(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return;
    if (suggestions) {
      const count = suggestions.people.length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setActive((i) => (i + (event.key === "ArrowDown" ? 1 : count - 1)) % count);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        const person = suggestions.people[active];
        if (person) pick(person);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setSuggestions(null);
        return;
      }
    }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  }

  const listId = `${id}-mentions`;
  const optionId = (i: number) => `${id}-mention-${i}`;
  return (
    <form className="composer" onSubmit={submit} aria-label={`Write to ${title}`}>
      <label htmlFor={`${id}-body`} className="visually-hidden">
        Message {title}
      </label>
      <div className="composer-field">
        {suggestions && (
          <ul id={listId} role="listbox" className="mention-list" aria-label="People to mention">
            {suggestions.people.map((person, i) => (
              <li
                key={person.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(person)}
              >
                {person.displayName}
              </li>
            ))}
          </ul>
        )}
        <textarea
          ref={field}
          id={`${id}-body`}
          value={draft}
          rows={Math.min(8, Math.max(2, draft.split("\n").length))}
          placeholder={`Message ${title}`}
          aria-describedby={`${id}-hint ${id}-count`}
          aria-autocomplete="list"
          aria-controls={suggestions ? listId : undefined}
          aria-activedescendant={suggestions ? optionId(active) : undefined}
          onChange={(e) => change(e.target.value, e.target.selectionStart)}
          onSelect={(e) => lookForMention(e.currentTarget.value, e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            onStopTyping();
            setSuggestions(null);
          }}
        />
      </div>
      <div className="composer-bar">
        <label className="checkbox">
          <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} />
          Urgent (everyone must acknowledge)
        </label>
        <span id={`${id}-hint`} className="muted small">
          Enter to send, Shift+Enter for a new line
        </span>
        <span id={`${id}-count`} className={tooLong ? "char-count over" : "char-count"} aria-live="polite">
          {length >= COUNTER_FROM ? `${length} / ${MAX_MESSAGE_LENGTH}` : ""}
        </span>
        <button type="submit" disabled={disabled || tooLong || length === 0}>
          Send
        </button>
      </div>
    </form>
  );
}
