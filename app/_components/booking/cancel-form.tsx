"use client";

import { useId, useState, type FormEvent } from "react";
import { callApi } from "@/app/_lib/api-client";
import { changeWindowClosed, oneAppointmentSchema, type Appointment } from "@/app/_lib/booking-wire";
import { useFocusOnMount } from "@/app/_lib/use-focus-on-mount";

/**
 * Cancel with an optional reason. Inside the cancellation window a patient is told to call
 * reception; staff are asked once more and the request is resent with `override: true`.
 */
export function CancelForm({ appointmentId, onCancelled, onClose }: { appointmentId: string; onCancelled: (appointment: Appointment) => void; onClose: () => void }) {
  const reasonId = useId();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [overrideQuestion, setOverrideQuestion] = useState<string | null>(null);
  const reasonRef = useFocusOnMount<HTMLInputElement>();

  async function cancel(override: boolean) {
    setBusy(true);
    setError(null);
    const trimmed = reason.trim();
    const result = await callApi(`/api/appointments/${appointmentId}/cancel`, oneAppointmentSchema, { ...(trimmed ? { reason: trimmed } : {}), ...(override ? { override: true } : {}) });
    setBusy(false);
    if (result.ok) {
      onCancelled(result.data.appointment);
      return;
    }
    const windowClosed = changeWindowClosed(result.error);
    if (windowClosed?.overridable) setOverrideQuestion(result.error.message);
    else setError(result.error.message);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void cancel(false);
  }

  return (
    <form className="inline-form" onSubmit={onSubmit} data-testid="cancel-form">
      <label htmlFor={reasonId}>Reason for cancelling (optional)</label>
      <input id={reasonId} ref={reasonRef} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} disabled={busy || overrideQuestion !== null} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {overrideQuestion ? (
        <div className="notice warn" role="alert">
          <p>{overrideQuestion}</p>
          <p className="actions">
            <button type="button" className="danger" disabled={busy} onClick={() => void cancel(true)}>
              {busy ? "Cancelling…" : "Cancel anyway"}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={onClose}>
              Keep it
            </button>
          </p>
        </div>
      ) : (
        <p className="actions">
          <button type="submit" className="danger" disabled={busy}>
            {busy ? "Cancelling…" : "Cancel appointment"}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={onClose}>
            Keep it
          </button>
        </p>
      )}
    </form>
  );
}
