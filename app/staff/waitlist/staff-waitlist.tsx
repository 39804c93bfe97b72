"use client";

import { useCallback, useEffect, useState } from "react";
import { ConnectionStatus } from "@/app/_components/connection-status";
import { callApi } from "@/app/_lib/api-client";
import { formatClinicTime, formatDay } from "@/app/_lib/clinic-time";
import { sendJson } from "@/app/_lib/send-json";
import { useClinicSocket } from "@/app/_lib/use-clinic-socket";
import { WAITLIST_STATUS_LABELS, waitlistSchema, type WaitlistEntry } from "@/app/_lib/waitlist-wire";

const REFRESH_MS = 10_000;

/** Everyone waiting, re-read every 10 s and on every (re)connect. Reception and admins can take an entry off. */
export function StaffWaitlist({ initial, canManage }: { initial: WaitlistEntry[]; canManage: boolean }) {
  const { socket, state } = useClinicSocket();
  const [entries, setEntries] = useState(initial);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const result = await callApi("/api/waitlist", waitlistSchema);
    if (result.ok) setEntries(result.data.entries);
  }, []);

  useEffect(() => {
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    if (!socket) return () => clearInterval(timer);
    const onConnect = () => void refresh();
    socket.on("connect", onConnect);
    return () => {
      clearInterval(timer);
      socket.off("connect", onConnect);
    };
  }, [socket, refresh]);

  async function remove(entry: WaitlistEntry) {
    setBusyId(entry.id);
    setError(null);
    const answer = await sendJson(`/api/waitlist/${entry.id}`, "DELETE", {});
    setBusyId(null);
    if (!answer.ok) setError(answer.failure.message);
    await refresh();
  }

  return (
    <section className="card" aria-labelledby="waitlist-title">
      <div className="picker-head">
        <h2 id="waitlist-title">Waiting ({entries.length})</h2>
        <ConnectionStatus state={state} />
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {entries.length === 0 ? (
        <p className="muted">Nobody is waiting.</p>
      ) : (
        <table data-testid="staff-waitlist">
          <thead>
            <tr>
              <th>Patient</th>
              <th>Wants</th>
              <th>Dates</th>
              <th>Status</th>
              <th>Waiting since</th>
              {canManage && <th aria-label="Actions" />}
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  {entry.patient ? `${entry.patient.firstName} ${entry.patient.lastName}` : "—"}
                  <div className="muted">{entry.patient?.medicalRecordNumber}</div>
                </td>
                <td>
                  {entry.appointmentType.name} · {entry.department.name}
                  <div className="muted">{entry.clinician?.displayName ?? "any clinician"}</div>
                </td>
                <td>
                  {formatDay(entry.fromDate)} – {formatDay(entry.toDate)}
                </td>
                <td>
                  <span className="badge" data-status={entry.status}>
                    {WAITLIST_STATUS_LABELS[entry.status] ?? entry.status.toLowerCase()}
                  </span>
                  {entry.offer && (
                    <div className="muted">
                      {formatClinicTime(entry.offer.startsAt, entry.timeZone)} with {entry.offer.clinicianName}, offered until {formatClinicTime(entry.offer.expiresAt, entry.timeZone)}
                    </div>
                  )}
                </td>
                <td>{formatClinicTime(entry.createdAt, entry.timeZone)}</td>
                {canManage && (
                  <td>
                    <button type="button" className="secondary" disabled={busyId === entry.id} onClick={() => void remove(entry)}>
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
