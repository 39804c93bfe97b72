"use client";

import { useState, type FormEvent } from "react";
import { FormFooter } from "@/app/_components/form-footer";
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES, type AppointmentTypeView } from "@/server/schedules/appointment-type-schemas";
import { numberField, useScheduleAction } from "./use-schedule-action";

/** One appointment type for admins and reception: switch online booking, archive, or edit name and duration. */
export function AppointmentTypeRow({ type }: { type: AppointmentTypeView }) {
  const [editing, setEditing] = useState(false);
  const { busy, error, problems, run } = useScheduleAction();
  const url = `/api/appointment-types/${type.id}`;
  const idPrefix = `type-${type.id}`;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const answer = await run(url, "PATCH", { name: String(form.get("name") ?? ""), durationMinutes: numberField(form, "durationMinutes") });
    if (answer.ok) setEditing(false);
  }

  if (editing) {
    return (
      <tr>
        <td colSpan={5}>
          <form onSubmit={onSubmit} noValidate aria-label={`Edit ${type.name}`}>
            <label htmlFor={`${idPrefix}-name`}>Name</label>
            <input id={`${idPrefix}-name`} name="name" defaultValue={type.name} maxLength={100} required aria-invalid={Boolean(problems.name)} />
            {problems.name && <p className="error">Name {problems.name}</p>}
            <label htmlFor={`${idPrefix}-duration`}>Duration (minutes)</label>
            <input
              id={`${idPrefix}-duration`}
              name="durationMinutes"
              type="number"
              min={MIN_DURATION_MINUTES}
              max={MAX_DURATION_MINUTES}
              step={1}
              defaultValue={type.durationMinutes}
              aria-invalid={Boolean(problems.durationMinutes)}
            />
            {problems.durationMinutes && <p className="error">Duration {problems.durationMinutes}</p>}
            <FormFooter error={error} busy={busy} label="Save type" busyLabel="Saving…" />
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </form>
        </td>
      </tr>
    );
  }

  return (
    <tr data-archived={type.archived}>
      <td>
        {type.name}
        {type.archived && <span className="muted"> (archived)</span>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </td>
      <td>{type.departmentName}</td>
      <td>{type.durationMinutes} min</td>
      <td>
        <input
          type="checkbox"
          role="switch"
          style={{ width: "auto" }}
          aria-label={`Bookable online: ${type.name}`}
          checked={type.bookableOnline}
          disabled={busy}
          onChange={(e) => void run(url, "PATCH", { bookableOnline: e.currentTarget.checked })}
        />
      </td>
      <td>
        <button type="button" className="secondary" onClick={() => setEditing(true)} aria-label={`Edit ${type.name}`}>
          Edit
        </button>{" "}
        <button
          type="button"
          className="secondary"
          disabled={busy}
          aria-label={`${type.archived ? "Restore" : "Archive"} ${type.name}`}
          onClick={() => void run(url, "PATCH", { archived: !type.archived })}
        >
          {type.archived ? "Restore" : "Archive"}
        </button>
      </td>
    </tr>
  );
}
