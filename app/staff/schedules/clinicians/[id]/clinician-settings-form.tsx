"use client";

import type { FormEvent } from "react";
import { FormFooter } from "@/app/_components/form-footer";
import type { ClinicianView } from "@/server/schedules/clinician-view";
import { numberField, useScheduleAction } from "../../use-schedule-action";

/** Room, title and the buffer kept free after each appointment. */
export function ClinicianSettingsForm({ clinician }: { clinician: ClinicianView }) {
  const { busy, error, problems, run } = useScheduleAction();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await run(`/api/clinicians/${clinician.id}`, "PATCH", {
      room: String(form.get("room") ?? ""),
      title: String(form.get("title") ?? ""),
      bufferMinutes: numberField(form, "bufferMinutes"),
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <label htmlFor="clinician-room">Room</label>
      <input id="clinician-room" name="room" defaultValue={clinician.room} maxLength={50} required aria-invalid={Boolean(problems.room)} />
      {problems.room && <p className="error">Room {problems.room}</p>}
      <label htmlFor="clinician-title">Title (optional)</label>
      <input id="clinician-title" name="title" defaultValue={clinician.title ?? ""} maxLength={100} aria-invalid={Boolean(problems.title)} />
      {problems.title && <p className="error">Title {problems.title}</p>}
      <label htmlFor="clinician-buffer">Buffer after each appointment (minutes, 0 to 120)</label>
      <input
        id="clinician-buffer"
        name="bufferMinutes"
        type="number"
        min={0}
        max={120}
        step={1}
        defaultValue={clinician.bufferMinutes}
        aria-invalid={Boolean(problems.bufferMinutes)}
      />
      {problems.bufferMinutes && <p className="error">Buffer {problems.bufferMinutes}</p>}
      <FormFooter error={error} busy={busy} label="Save settings" busyLabel="Saving…" />
    </form>
  );
}
