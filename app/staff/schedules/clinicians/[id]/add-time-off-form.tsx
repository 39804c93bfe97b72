"use client";

import { useRef, useState, type FormEvent } from "react";
import { z } from "zod";
import { FormFooter } from "@/app/_components/form-footer";
import type { AffectedAppointmentView } from "@/server/schedules/time-off-schemas";
import { useScheduleAction } from "../../use-schedule-action";
import { AffectedAppointments } from "./affected-appointments";

const addedAnswer = z.object({
  data: z.object({
    timeOff: z.object({
      affectedAppointments: z.array(z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), patientName: z.string(), appointmentTypeName: z.string() })),
    }),
  }),
});

/** Local date-times in the clinic's zone (what datetime-local inputs give); the server reads them there. */
export function AddTimeOffForm({ clinicianId, timeZone }: { clinicianId: string; timeZone: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [affected, setAffected] = useState<AffectedAppointmentView[] | null>(null);
  const { busy, error, problems, run } = useScheduleAction();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAffected(null);
    const form = new FormData(event.currentTarget);
    const answer = await run(`/api/clinicians/${clinicianId}/time-off`, "POST", {
      startsAt: String(form.get("startsAt") ?? ""),
      endsAt: String(form.get("endsAt") ?? ""),
      reason: String(form.get("reason") ?? ""),
    });
    if (!answer.ok) return;
    formRef.current?.reset();
    const parsed = addedAnswer.safeParse(answer.body);
    setAffected(parsed.success ? parsed.data.data.timeOff.affectedAppointments : []);
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-labelledby="add-time-off-title">
      <h3 id="add-time-off-title">Add time off</h3>
      <label htmlFor="time-off-start">Starts ({timeZone})</label>
      <input id="time-off-start" name="startsAt" type="datetime-local" required aria-invalid={Boolean(problems.startsAt)} />
      {problems.startsAt && <p className="error">Start {problems.startsAt}</p>}
      <label htmlFor="time-off-end">Ends ({timeZone})</label>
      <input id="time-off-end" name="endsAt" type="datetime-local" required aria-invalid={Boolean(problems.endsAt)} />
      {problems.endsAt && <p className="error">End {problems.endsAt}</p>}
      <label htmlFor="time-off-reason">Reason (optional)</label>
      <input id="time-off-reason" name="reason" maxLength={200} aria-invalid={Boolean(problems.reason)} />
      {problems.reason && <p className="error">Reason {problems.reason}</p>}
      {affected && (
        <div role="status">
          <p className="muted">Time off added.{affected.length === 0 && " No booked appointments are affected."}</p>
          <AffectedAppointments appointments={affected} timeZone={timeZone} />
        </div>
      )}
      <FormFooter error={error} busy={busy} label="Add time off" busyLabel="Adding…" />
    </form>
  );
}
