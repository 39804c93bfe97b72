"use client";

import { useState, type ReactNode } from "react";
import type { ApiResult } from "@/app/_lib/api-client";
import { slotTakenAlternatives, type Appointment, type SlotChoice } from "@/app/_lib/booking-wire";
import { formatClinicTime } from "@/app/_lib/clinic-time";
import { useFocusOnMount } from "@/app/_lib/use-focus-on-mount";
import { SlotPicker, type SlotPickerProps } from "./slot-picker";
import { SlotTaken } from "./slot-taken";

export interface PickAndConfirmProps {
  picker: Omit<SlotPickerProps, "onPick" | "busy" | "refreshToken">;
  /** What the confirm step asks, e.g. "Book Consultation for Ada Lovelace". */
  question: string;
  confirmLabel: string;
  busyLabel: string;
  /** Does the booking or the move; a SLOT_TAKEN answer is handled here. */
  onConfirm: (slot: SlotChoice) => Promise<ApiResult<{ appointment: Appointment }>>;
  onDone: (appointment: Appointment) => void;
}

/**
 * Pick a free time, then confirm it in a second step (staff booking, rescheduling). If the
 * time is taken in between, the alternatives are offered; picking one goes back to confirm.
 */
export function PickAndConfirm({ picker, question, confirmLabel, busyLabel, onConfirm, onDone }: PickAndConfirmProps) {
  const [pending, setPending] = useState<SlotChoice | null>(null);
  const [taken, setTaken] = useState<SlotChoice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [refreshToken, setRefreshToken] = useState(0);

  function pick(slot: SlotChoice) {
    setPending(slot);
    setTaken(null);
    setError(null);
  }

  async function confirm(slot: SlotChoice) {
    setBusy(true);
    setError(null);
    const result = await onConfirm(slot);
    setBusy(false);
    if (result.ok) {
      onDone(result.data.appointment);
      return;
    }
    const alternatives = slotTakenAlternatives(result.error);
    if (alternatives) {
      setPending(null);
      setTaken(alternatives);
      setRefreshToken((t) => t + 1);
      return;
    }
    setError(result.error.message);
  }

  return (
    <>
      {taken && <SlotTaken alternatives={taken} timeZone={picker.timeZone} busy={busy} onPick={pick} />}
      {pending && (
        <ConfirmStep
          question={question}
          when={`${formatClinicTime(pending.startsAt, picker.timeZone)} with ${pending.clinicianName}`}
          error={error}
          actions={
            <>
              <button type="button" disabled={busy} onClick={() => void confirm(pending)}>
                {busy ? busyLabel : confirmLabel}
              </button>
              <button type="button" className="secondary" disabled={busy} onClick={() => setPending(null)}>
                Choose another time
              </button>
            </>
          }
        />
      )}
      <div hidden={pending !== null}>
        <SlotPicker {...picker} onPick={pick} busy={busy} refreshToken={refreshToken} />
      </div>
    </>
  );
}

/** The step between picking a time and having it: what, when, and the buttons to go on or back. */
export function ConfirmStep({ question, when, error, actions, children }: { question: string; when: string; error: string | null; actions: ReactNode; children?: ReactNode }) {
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div className="notice" data-testid="confirm-step">
      <h3 ref={headingRef} tabIndex={-1}>
        {question}
      </h3>
      <p className="when">{when}</p>
      {children}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="actions">{actions}</p>
    </div>
  );
}
