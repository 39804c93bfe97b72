"use client";

import { useState } from "react";
import { QueueTable } from "@/app/_components/queue/queue-table";
import { callApi } from "@/app/_lib/api-client";
import { formatTime } from "@/app/_lib/clinic-time";
import type { BoardState } from "@/app/_lib/queue-apply";
import { oneTicketSchema, type NotArrived } from "@/app/_lib/queue-wire";

/** Today's booked appointments in the department without a ticket yet, each with "Check in" for reception. */
export function NotArrivedList({ snapshot, canCheckIn }: { snapshot: BoardState; canCheckIn: boolean }) {
  const [message, setMessage] = useState<string | null>(null);
  const { notArrived, timeZone } = snapshot;
  return (
    <section className="card" aria-labelledby="not-arrived-title">
      <h2 id="not-arrived-title">
        Today&apos;s appointments not yet arrived <span className="count">({notArrived.length})</span>
      </h2>
      <div role="status">{message && <p className="notice ok">{message}</p>}</div>
      {notArrived.length === 0 ? (
        <p className="muted">Everyone booked for today has arrived.</p>
      ) : (
        <QueueTable testId="not-arrived" headings={["Time", "Patient", "Type", "Clinician", ...(canCheckIn ? ["Action"] : [])]}>
          {notArrived.map((a) => (
            <NotArrivedRow key={a.appointmentId} appointment={a} timeZone={timeZone} canCheckIn={canCheckIn} onCheckedIn={setMessage} />
          ))}
        </QueueTable>
      )}
    </section>
  );
}

function NotArrivedRow({ appointment: a, timeZone, canCheckIn, onCheckedIn }: { appointment: NotArrived; timeZone: string; canCheckIn: boolean; onCheckedIn: (message: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = `${a.patient.firstName} ${a.patient.lastName}`;

  async function checkIn() {
    setBusy(true);
    setError(null);
    const result = await callApi("/api/queue/check-ins", oneTicketSchema, { appointmentId: a.appointmentId });
    setBusy(false);
    // On success the row leaves the list with the board's next change.
    if (result.ok) onCheckedIn(`Checked in ${name}: ticket ${result.data.ticket.code}.`);
    else setError(result.error.message);
  }

  return (
    <tr>
      <td className="time">{formatTime(a.startsAt, timeZone)}</td>
      <td>{name}</td>
      <td>{a.typeName}</td>
      <td>{a.clinicianName}</td>
      {canCheckIn && (
        <td>
          <button type="button" className="secondary" disabled={busy} onClick={() => void checkIn()} aria-label={`Check in ${name}`}>
            Check in
          </button>
          {error && (
            <p className="error small" role="alert">
              {error}
            </p>
          )}
        </td>
      )}
    </tr>
  );
}
