"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormFooter } from "@/app/_components/form-footer";
import { PatientFieldInputs, readPatientFields, type PatientFieldValues } from "@/app/_components/patient-field-inputs";
import { sendJson } from "@/app/_lib/send-json";
import type { EditableField } from "@/server/patients/apply-patient-changes";

/**
 * Edits some fields of a patient record with PATCH `url`, then re-reads the page. Used by
 * staff on a record (the fields their role may change) and by a patient for their contact details.
 */
export function PatientFieldsForm({
  url,
  fields,
  values,
  idPrefix,
  submitLabel,
  ownDetails = false,
}: {
  url: string;
  fields: readonly EditableField[];
  values: PatientFieldValues;
  idPrefix: string;
  submitLabel: string;
  ownDetails?: boolean;
}) {
  const router = useRouter();
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setProblems({});
    setSaved(false);
    const answer = await sendJson(url, "PATCH", readPatientFields(event.currentTarget, fields));
    setBusy(false);
    if (answer.ok) {
      setSaved(true);
      router.refresh();
      return;
    }
    setProblems(answer.failure.problems);
    setError(answer.failure.message);
  }

  return (
    <form onSubmit={onSubmit} onChange={() => setSaved(false)} noValidate>
      <PatientFieldInputs fields={fields} values={values} problems={problems} idPrefix={idPrefix} ownDetails={ownDetails} />
      {saved && (
        <p className="muted" role="status">
          Saved.
        </p>
      )}
      <FormFooter error={error} busy={busy} label={submitLabel} busyLabel="Saving…" />
    </form>
  );
}
