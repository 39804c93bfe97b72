"use client";

import { useRef, type FormEvent } from "react";
import { FormFooter } from "@/app/_components/form-footer";
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from "@/server/schedules/appointment-type-schemas";
import { numberField, useScheduleAction } from "./use-schedule-action";

/** Adds an appointment type to one of the location's departments. */
export function NewAppointmentTypeForm({ departments }: { departments: { id: string; name: string }[] }) {
  const formRef = useRef<HTMLFormElement>(null);
  const { busy, error, problems, run } = useScheduleAction();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const answer = await run("/api/appointment-types", "POST", {
      departmentId: String(form.get("departmentId") ?? ""),
      name: String(form.get("name") ?? ""),
      durationMinutes: numberField(form, "durationMinutes"),
      bookableOnline: form.get("bookableOnline") === "on",
    });
    if (answer.ok) formRef.current?.reset();
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-labelledby="new-type-title">
      <h3 id="new-type-title">New appointment type</h3>
      <label htmlFor="new-type-department">Department</label>
      <select id="new-type-department" name="departmentId" aria-invalid={Boolean(problems.departmentId)}>
        {departments.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
      <label htmlFor="new-type-name">Name</label>
      <input id="new-type-name" name="name" maxLength={100} required aria-invalid={Boolean(problems.name)} />
      {problems.name && <p className="error">Name {problems.name}</p>}
      <label htmlFor="new-type-duration">Duration (minutes)</label>
      <input
        id="new-type-duration"
        name="durationMinutes"
        type="number"
        min={MIN_DURATION_MINUTES}
        max={MAX_DURATION_MINUTES}
        step={1}
        defaultValue={15}
        aria-invalid={Boolean(problems.durationMinutes)}
      />
      {problems.durationMinutes && <p className="error">Duration {problems.durationMinutes}</p>}
      <label>
        <input type="checkbox" name="bookableOnline" defaultChecked style={{ width: "auto" }} /> Patients can book it online
      </label>
      <FormFooter error={error} busy={busy} label="Add type" busyLabel="Adding…" />
    </form>
  );
}
