"use client";

import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { z } from "zod";
import { FormFooter } from "@/app/_components/form-footer";
import { callApi, query } from "@/app/_lib/api-client";

/** The patients API (GET /api/patients?q=, POST /api/patients), as far as booking needs it. */
const patientSchema = z.object({
  id: z.string(),
  medicalRecordNumber: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  dateOfBirth: z.string(),
});
export type ChosenPatient = z.infer<typeof patientSchema>;
const searchSchema = z.object({ patients: z.array(patientSchema.extend({ phone: z.string().nullable().optional() })) });
const createdSchema = z.object({ patient: patientSchema });
const duplicatesSchema = z.object({ duplicates: z.array(patientSchema) });

const SEARCH_DELAY_MS = 300;

export function patientLabel(p: ChosenPatient): string {
  return `${p.firstName} ${p.lastName}`;
}

/** Find the patient (name, MRN, date of birth or phone), or register them on the spot. */
export function PatientFinder({ onSelect }: { onSelect: (patient: ChosenPatient) => void }) {
  const [mode, setMode] = useState<"search" | "create">("search");
  return mode === "search" ? <PatientSearch onSelect={onSelect} onCreate={() => setMode("create")} /> : <NewPatientForm onCreated={onSelect} onCancel={() => setMode("search")} />;
}

function PatientSearch({ onSelect, onCreate }: { onSelect: (patient: ChosenPatient) => void; onCreate: () => void }) {
  const inputId = useId();
  const hintId = useId();
  const [q, setQ] = useState("");
  const [results, setResults] = useState<z.infer<typeof searchSchema>["patients"] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef("");

  const search = useCallback(async (text: string) => {
    latest.current = text;
    const result = await callApi(`/api/patients?${query({ q: text })}`, searchSchema);
    if (latest.current !== text) return; // the user typed on meanwhile
    if (result.ok) {
      setResults(result.data.patients);
      setError(null);
    } else {
      setError(result.error.message);
    }
  }, []);

  // Search as the user types, once they pause.
  useEffect(() => {
    const text = q.trim();
    if (text.length < 2) return;
    const timer = setTimeout(() => void search(text), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [q, search]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (q.trim().length >= 2) void search(q.trim());
  }

  return (
    <>
      <form onSubmit={onSubmit} role="search">
        <label htmlFor={inputId}>Find a patient</label>
        <div className="search-row">
          <input id={inputId} type="search" value={q} onChange={(e) => setQ(e.target.value)} aria-describedby={hintId} autoComplete="off" minLength={2} maxLength={100} />
          <button type="submit">Search</button>
        </div>
        <p id={hintId} className="muted">
          Name, medical record number (MRN-…), date of birth (YYYY-MM-DD) or phone.
        </p>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div aria-live="polite">
        {results && results.length === 0 && <p className="muted">No patient found.</p>}
        {results && results.length > 0 && (
          <table data-testid="patient-results">
            <thead>
              <tr>
                <th>Name</th>
                <th>MRN</th>
                <th>Date of birth</th>
                <th>Phone</th>
                <th>
                  <span className="muted">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {results.map((p) => (
                <tr key={p.id}>
                  <td>{patientLabel(p)}</td>
                  <td>{p.medicalRecordNumber}</td>
                  <td>{p.dateOfBirth}</td>
                  <td>{p.phone ?? "—"}</td>
                  <td>
                    <button type="button" className="secondary" aria-label={`Select ${patientLabel(p)}, ${p.medicalRecordNumber}`} onClick={() => onSelect(p)}>
                      Select
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <p className="actions">
        <button type="button" className="secondary" onClick={onCreate}>
          New patient
        </button>
      </p>
    </>
  );
}

const FIELDS = [
  { name: "firstName", label: "First name", type: "text", required: true },
  { name: "lastName", label: "Last name", type: "text", required: true },
  { name: "dateOfBirth", label: "Date of birth", type: "date", required: true },
  { name: "phone", label: "Phone (optional)", type: "tel", required: false },
  { name: "email", label: "Email (optional)", type: "email", required: false },
] as const;

type NewPatient = Record<(typeof FIELDS)[number]["name"], string>;

function NewPatientForm({ onCreated, onCancel }: { onCreated: (patient: ChosenPatient) => void; onCancel: () => void }) {
  const idPrefix = useId();
  const [values, setValues] = useState<NewPatient>({ firstName: "", lastName: "", dateOfBirth: "", phone: "", email: "" });
  const [duplicates, setDuplicates] = useState<ChosenPatient[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(confirmDuplicate: boolean) {
    setBusy(true);
    setError(null);
    // Optional fields are left out when empty: the API refuses an empty phone or email.
    const body = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ""));
    const result = await callApi("/api/patients", createdSchema, { ...body, confirmDuplicate });
    setBusy(false);
    if (result.ok) {
      onCreated(result.data.patient);
      return;
    }
    const found = result.error.code === "CONFLICT" ? duplicatesSchema.safeParse(result.error.details) : null;
    if (found?.success) setDuplicates(found.data.duplicates);
    else setError(result.error.message);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void create(false);
  }

  return (
    <form onSubmit={onSubmit} aria-label="New patient">
      <h2>New patient</h2>
      <div className="form-grid">
        {FIELDS.map((field) => (
          <div key={field.name}>
            <label htmlFor={`${idPrefix}-${field.name}`}>{field.label}</label>
            <input
              id={`${idPrefix}-${field.name}`}
              name={field.name}
              type={field.type}
              required={field.required}
              autoComplete="off"
              value={values[field.name]}
              onChange={(e) => {
                setValues({ ...values, [field.name]: e.target.value });
                setDuplicates(null);
              }}
            />
          </div>
        ))}
      </div>
      {duplicates ? (
        <div className="notice warn" role="alert">
          <p>
            <strong>A patient with this name and date of birth already exists.</strong> Is it one of these?
          </p>
          <ul className="plain alternatives">
            {duplicates.map((d) => (
              <li key={d.id}>
                {patientLabel(d)} · {d.medicalRecordNumber} · born {d.dateOfBirth}{" "}
                <button type="button" className="secondary" onClick={() => onCreated(d)}>
                  Use this patient
                </button>
              </li>
            ))}
          </ul>
          <p className="actions">
            <button type="button" disabled={busy} onClick={() => void create(true)}>
              {busy ? "Creating…" : "Create anyway"}
            </button>
          </p>
        </div>
      ) : (
        <FormFooter error={error} busy={busy} label="Create patient" busyLabel="Creating…" />
      )}
      <p className="actions">
        <button type="button" className="secondary" onClick={onCancel}>
          Back to search
        </button>
      </p>
    </form>
  );
}
