"use client";

import { useEffect, useId, useState, type FormEvent } from "react";
import { ErrorNote } from "@/app/_components/error-note";
import { useFocusOnMount } from "@/app/_lib/use-focus-on-mount";
import { useMessaging } from "./messaging-provider";
import { StaffPicker } from "./staff-picker";
import { useStartConversation } from "./use-start-conversation";

/** Everyone in a group but oneself. */
const GROUP_OTHERS_MAX = 9;
const CHANNEL_MEMBERS_MAX = 200;

/**
 * "New message": tick one person for a direct message, or several (up to nine) for a group
 * with an optional name. Admins can also open a channel.
 */
export function NewConversation({ canCreateChannel, onClose }: { canCreateChannel: boolean; onClose: () => void }) {
  const id = useId();
  const { me, staff } = useMessaging();
  const { start, busy, error } = useStartConversation();
  const [kind, setKind] = useState<"people" | "channel">("people");
  const [selected, setSelected] = useState<string[]>([]);
  const [name, setName] = useState("");
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const { load } = staff;
  useEffect(load, [load]);

  const names = selected.map((s) => staff.people?.find((p) => p.id === s)?.displayName ?? "");
  const submitLabel = kind === "channel" ? "Create channel" : selected.length === 1 ? `Message ${names[0]}` : selected.length > 1 ? "Create group" : "Choose people";
  const ready = kind === "channel" ? name.trim().length > 0 : selected.length > 0;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!ready) return;
    const trimmed = name.trim();
    let started: boolean;
    if (kind === "channel") started = await start({ kind: "channel", name: trimmed, ...(selected.length ? { memberIds: selected } : {}) });
    else if (selected.length === 1 && selected[0]) started = await start({ kind: "direct", userId: selected[0] });
    else started = await start({ kind: "group", memberIds: selected, ...(trimmed ? { name: trimmed } : {}) });
    if (started) onClose();
  }

  return (
    <form className="card new-conversation" onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        New message
      </h2>
      {canCreateChannel && (
        <fieldset className="choice-group">
          <legend>Start</legend>
          <div className="choice-list">
            <label className="choice">
              <input type="radio" name={`${id}-kind`} checked={kind === "people"} onChange={() => setKind("people")} />
              Direct message or group
            </label>
            <label className="choice">
              <input type="radio" name={`${id}-kind`} checked={kind === "channel"} onChange={() => setKind("channel")} />
              Channel
            </label>
          </div>
        </fieldset>
      )}
      {(kind === "channel" || selected.length > 1) && (
        <>
          <label htmlFor={`${id}-name`}>{kind === "channel" ? "Channel name" : "Group name (optional)"}</label>
          <input id={`${id}-name`} value={name} maxLength={80} required={kind === "channel"} onChange={(e) => setName(e.target.value)} />
        </>
      )}
      <StaffPicker people={staff.people} exclude={[me.id]} selected={selected} max={kind === "channel" ? CHANNEL_MEMBERS_MAX : GROUP_OTHERS_MAX} onChange={setSelected} />
      <ErrorNote message={error ?? staff.problem} />
      <p className="actions">
        <button type="submit" disabled={busy || !ready}>
          {submitLabel}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
      </p>
    </form>
  );
}
