"use client";

import { useId, useState, type FormEvent } from "react";
import { FormFooter } from "@/app/_components/form-footer";
import { PatientFinder, patientLabel, type ChosenPatient } from "@/app/_components/patient-finder";
import { callApi } from "@/app/_lib/api-client";
import { oneTicketSchema } from "@/app/_lib/queue-wire";

/**
 * A walk-in joins the queue: find the patient (or register them), say why they came and
 * whether it is urgent, and check them in (POST /api/queue/check-ins).
 */
export function WalkInForm({ departmentId, departmentName }: { departmentId: string; departmentName: string }) {
  const id = useId();
  const [patient, setPatient] = useState<ChosenPatient | null>(null);
  const [reason, setReason] = useState("");
  const [urgent, setUrgent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [checkedIn, setCheckedIn] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!patient) return;
    setBusy(true);
    setError(null);
    const body = { departmentId, patientId: patient.id, priority: urgent ? "URGENT" : "NORMAL", ...(reason.trim() ? { reason: reason.trim() } : {}) };
    const result = await callApi("/api/queue/check-ins", oneTicketSchema, body);
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setCheckedIn(`Checked in ${patientLabel(patient)}: ticket ${result.data.ticket.code}.`);
    setPatient(null);
    setReason("");
    setUrgent(false);
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Walk-in</h2>
      <p className="muted">Adds a patient without an appointment to the {departmentName} queue.</p>
      <div role="status">{checkedIn && <p className="notice ok">{checkedIn}</p>}</div>
      {patient ? (
        <form onSubmit={(e) => void onSubmit(e)} aria-label="Check in a walk-in">
          <p data-testid="walk-in-patient">
            Patient: <strong>{patientLabel(patient)}</strong> · {patient.medicalRecordNumber} · born {patient.dateOfBirth}{" "}
            <button type="button" className="secondary small-button" onClick={() => setPatient(null)}>
              Change
            </button>
          </p>
          <label htmlFor={`${id}-reason`}>Reason for the visit (optional)</label>
          <input id={`${id}-reason`} value={reason} maxLength={200} autoComplete="off" onChange={(e) => setReason(e.target.value)} />
          <label className="checkbox" htmlFor={`${id}-urgent`}>
            <input id={`${id}-urgent`} type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} /> Urgent (goes to the front of the queue)
          </label>
          <FormFooter error={error} busy={busy} label="Check in" busyLabel="Checking in…" />
        </form>
      ) : (
        <PatientFinder
          onSelect={(p) => {
            setPatient(p);
            setCheckedIn(null);
          }}
        />
      )}
    </section>
  );
}
