"use client";

import { useState } from "react";
import { formatDay } from "@/app/_lib/clinic-time";
import { sendJson } from "@/app/_lib/send-json";
import { WAITLIST_STATUS_LABELS, isActiveEntry, type WaitlistEntry } from "@/app/_lib/waitlist-wire";

/** The patient's entries, newest first; active ones can be left. */
export function EntryList({ entries, onLeft }: { entries: WaitlistEntry[]; onLeft: (what: string) => void }) {
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function leave(entry: WaitlistEntry) {
    setBusyId(entry.id);
    setError(null);
    const answer = await sendJson(`/api/waitlist/${entry.id}`, "DELETE", {});
    setBusyId(null);
    if (answer.ok) onLeft(`You left the waitlist for ${entry.appointmentType.name}.`);
    else setError(answer.failure.message);
  }

  if (entries.length === 0) return <p className="muted">You are not on the waitlist.</p>;
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul className="plain" data-testid="waitlist-entries">
        {entries.map((entry) => (
          <li key={entry.id}>
            <strong>{entry.appointmentType.name}</strong> · {entry.department.name} · {entry.clinician?.displayName ?? "any clinician"}{" "}
            <span className="badge" data-status={entry.status}>
              {WAITLIST_STATUS_LABELS[entry.status] ?? entry.status.toLowerCase()}
            </span>
            <div className="muted">
              {formatDay(entry.fromDate)} – {formatDay(entry.toDate)}
            </div>
            {isActiveEntry(entry) && (
              <p className="actions tight">
                <button type="button" className="secondary" disabled={busyId === entry.id} onClick={() => void leave(entry)}>
                  Leave the waitlist
                </button>
              </p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
