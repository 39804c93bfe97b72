"use client";

import { useScheduleAction } from "../../use-schedule-action";

export function RemoveTimeOffButton({ clinicianId, timeOffId, label }: { clinicianId: string; timeOffId: string; label: string }) {
  const { busy, error, run } = useScheduleAction();
  return (
    <>
      <button type="button" className="secondary" disabled={busy} aria-label={`Remove time off ${label}`} onClick={() => void run(`/api/clinicians/${clinicianId}/time-off/${timeOffId}`, "DELETE")}>
        Remove
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
