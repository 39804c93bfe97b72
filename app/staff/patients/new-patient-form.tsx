"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { z } from "zod";
import { FormFooter } from "@/app/_components/form-footer";
import { PatientFieldInputs, readPatientFields } from "@/app/_components/patient-field-inputs";
import { sendJson } from "@/app/_lib/send-json";
import type { EditableField } from "@/server/patients/apply-patient-changes";

const FIELDS = ["firstName", "lastName", "dateOfBirth", "phone", "email", "notes"] as const satisfies readonly EditableField[];

const created = z.object({ data: z.object({ patient: z.object({ id: z.string() }) }) });
const duplicateList = z.object({
  duplicates: z.array(z.object({ id: z.string(), medicalRecordNumber: z.string(), firstName: z.string(), lastName: z.string(), dateOfBirth: z.string() })),
});
type Duplicate = z.infer<typeof duplicateList>["duplicates"][number];

/** Reception registers a patient; a possible duplicate is shown and must be confirmed with "Create anyway". */
export function NewPatientForm() {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<Duplicate[] | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(confirmDuplicate: boolean) {
    if (!formRef.current) return;
    setBusy(true);
    setError(null);
    setProblems({});
    const answer = await sendJson("/api/patients", "POST", { ...readPatientFields(formRef.current, FIELDS), confirmDuplicate });
    if (answer.ok) {
      const parsed = created.safeParse(answer.body);
      if (parsed.success) {
        router.push(`/staff/patients/${parsed.data.data.patient.id}`);
        return;
      }
    } else if (answer.failure.code === "CONFLICT") {
      const parsed = duplicateList.safeParse(answer.failure.details);
      setDuplicates(parsed.success ? parsed.data.duplicates : []);
    } else {
      setProblems(answer.failure.problems);
      setError(answer.failure.message);
    }
    setBusy(false);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void create(false);
  }

  return (
    // Any edit after a duplicate warning asks again: the confirmation was for the details as they were.
    <form ref={formRef} onSubmit={onSubmit} onChange={() => setDuplicates(null)} noValidate>
      <PatientFieldInputs fields={FIELDS} problems={problems} idPrefix="new-patient" />
      {duplicates && (
        <div className="warning" role="alert" data-testid="duplicate-warning">
          <p>
            <strong>A patient with this name and date of birth already exists.</strong> Open the existing record, or create a new one if
            this is a different person.
          </p>
          <ul>
            {duplicates.map((d) => (
              <li key={d.id}>
                <Link href={`/staff/patients/${d.id}`}>
                  {d.firstName} {d.lastName}
                </Link>{" "}
                · born {d.dateOfBirth} · {d.medicalRecordNumber}
              </li>
            ))}
          </ul>
          <button type="button" className="secondary" disabled={busy} onClick={() => void create(true)}>
            Create anyway
          </button>
        </div>
      )}
      <FormFooter error={error} busy={busy} label="Create patient" busyLabel="Creating…" />
    </form>
  );
}
