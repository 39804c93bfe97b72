"use client";

import { useEffect, useState } from "react";
import { callApi } from "@/app/_lib/api-client";
import { oneAppointmentSchema } from "@/app/_lib/booking-wire";
import { formatClinicTime } from "@/app/_lib/clinic-time";
import { oneWaitlistEntrySchema, type WaitlistEntry, type WaitlistOffer } from "@/app/_lib/waitlist-wire";

function formatLeft(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** A slot held for the patient: accept (confirm the hold) or decline (it goes to the next patient) before the countdown ends. */
export function OfferBanner({ entry, offer, now, onAnswered, onLapsed }: { entry: WaitlistEntry; offer: WaitlistOffer; now: number; onAnswered: (what: string) => void; onLapsed: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Rounded down: the page never promises a second the server will not give.
  const left = Math.max(0, Math.floor((Date.parse(offer.expiresAt) - now) / 1000));
  const when = formatClinicTime(offer.startsAt, entry.timeZone);

  useEffect(() => {
    if (left === 0) onLapsed();
  }, [left, onLapsed]);

  async function accept() {
    setBusy(true);
    setError(null);
    const result = await callApi(`/api/appointments/${offer.appointmentId}/confirm`, oneAppointmentSchema, {});
    setBusy(false);
    if (result.ok) onAnswered(`You are booked: ${offer.appointmentTypeName} on ${when}.`);
    else setError(result.error.message);
  }

  async function decline() {
    setBusy(true);
    setError(null);
    const result = await callApi(`/api/waitlist/${offer.entryId}/decline`, oneWaitlistEntrySchema, {});
    setBusy(false);
    if (result.ok) onAnswered("You declined the offer. The slot goes to the next patient waiting.");
    else setError(result.error.message);
  }

  return (
    <section className="card notice warn" aria-labelledby={`offer-${offer.entryId}`} data-testid="waitlist-offer">
      <h2 id={`offer-${offer.entryId}`}>A slot is free for you</h2>
      <p className="when">
        {offer.appointmentTypeName} with {offer.clinicianName} on {when}
      </p>
      {left > 0 ? (
        <p className="hold-timer" role="timer" aria-live="off" data-testid="offer-countdown">
          Held for you for <strong>{formatLeft(left)}</strong>. Accept to book it, or decline to pass it on.
        </p>
      ) : (
        <p>This offer has run out.</p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="actions">
        <button type="button" disabled={busy || left === 0} onClick={() => void accept()}>
          Accept
        </button>
        <button type="button" className="secondary" disabled={busy || left === 0} onClick={() => void decline()}>
          Decline
        </button>
      </p>
    </section>
  );
}
