"use client";

import { useEffect, useState, type FormEvent } from "react";
import { FormFooter } from "@/app/_components/form-footer";
import { CONNECTION_LABELS, useClinicSocket } from "@/app/_lib/use-clinic-socket";
import type { AnnouncementView } from "@/server/gateway/contract";

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

const SHOWN = 20;

/** Union by id, newest first, capped: the order never depends on which copy arrived first. */
function mergeAnnouncements(current: AnnouncementView[], incoming: AnnouncementView[]): AnnouncementView[] {
  const byId = new Map(current.map((a) => [a.id, a]));
  for (const a of incoming) byId.set(a.id, a);
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id)).slice(0, SHOWN);
}

export function AnnouncementsPanel({ initial, canPost }: { initial: AnnouncementView[]; canPost: boolean }) {
  const { socket, state } = useClinicSocket();
  const [items, setItems] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!socket) return;
    const onNew = (a: AnnouncementView) => setItems((prev) => mergeAnnouncements(prev, [a]));
    // The database is the source of truth: on every (re)connect, re-read what may have been
    // posted while this page was not listening.
    const onConnect = async () => {
      try {
        const res = await fetch("/api/announcements");
        if (!res.ok) return;
        const fetched = ((await res.json()) as { data: { announcements: AnnouncementView[] } }).data.announcements;
        // Merge, never replace: a live announcement may have arrived while this read was in flight.
        setItems((prev) => mergeAnnouncements(prev, fetched));
      } catch {
        // Offline again; the next connect retries.
      }
    };
    socket.on("announcement:new", onNew);
    socket.on("connect", onConnect);
    return () => {
      socket.off("announcement:new", onNew);
      socket.off("connect", onConnect);
    };
  }, [socket]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const body = String(new FormData(formEl).get("body") ?? "");
    setBusy(true);
    setError(null);
    const res = await fetch("/api/announcements", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ body }) });
    setBusy(false);
    if (res.status === 201) {
      const { announcement } = ((await res.json()) as { data: { announcement: AnnouncementView } }).data;
      setItems((prev) => mergeAnnouncements(prev, [announcement]));
      formEl.reset();
      return;
    }
    const payload = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    setError(payload?.error?.message ?? "Could not post the announcement.");
  }

  return (
    <section className="card" aria-labelledby="announcements-title">
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
        <h2 id="announcements-title">Announcements</h2>
        <span className="status" data-state={state} data-testid="connection-status">
          {CONNECTION_LABELS[state]}
        </span>
      </div>
      {canPost && (
        <form onSubmit={onSubmit}>
          <label htmlFor="announcement-body">New announcement for all staff</label>
          <textarea id="announcement-body" name="body" rows={2} maxLength={2000} required />
          <FormFooter error={error} busy={busy} label="Post" busyLabel="Posting…" />
        </form>
      )}
      {items.length === 0 ? (
        <p className="muted">No announcements yet.</p>
      ) : (
        <ul className="plain" data-testid="announcements">
          {items.map((a) => (
            <li key={a.id}>
              <div>{a.body}</div>
              <small className="muted">
                {a.author.displayName} · {timeFormat.format(new Date(a.createdAt))}
              </small>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
