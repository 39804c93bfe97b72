"use client";

import { useId, useState, type FormEvent } from "react";
import { FormFooter } from "@/app/_components/form-footer";
import { callApi } from "@/app/_lib/api-client";
import { addDays } from "@/app/_lib/clinic-time";
import { oneWaitlistEntrySchema, type WaitlistEntry } from "@/app/_lib/waitlist-wire";
import type { BookingOptions } from "@/server/booking/list-booking-options";

export type JoinableDepartment = BookingOptions["departments"][number] & { today: string };

/** Join the waitlist: department, appointment type, optionally one clinician, and the dates that suit. */
export function JoinForm({ departments, onJoined }: { departments: JoinableDepartment[]; onJoined: (entry: WaitlistEntry) => void }) {
  const id = useId();
  const [departmentId, setDepartmentId] = useState(departments[0]?.id ?? "");
  const department = departments.find((d) => d.id === departmentId);
  const [typeId, setTypeId] = useState(department?.appointmentTypes[0]?.id ?? "");
  const [clinicianId, setClinicianId] = useState("");
  const [fromDate, setFromDate] = useState(department?.today ?? "");
  const [toDate, setToDate] = useState(department ? addDays(department.today, 13) : "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!department) {
    return (
      <section className="card">
        <p className="muted">Nothing can be booked online at the moment.</p>
      </section>
    );
  }

  function chooseDepartment(next: string) {
    const chosen = departments.find((d) => d.id === next);
    setDepartmentId(next);
    setTypeId(chosen?.appointmentTypes[0]?.id ?? "");
    setClinicianId("");
    if (chosen) {
      setFromDate(chosen.today);
      setToDate(addDays(chosen.today, 13));
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await callApi("/api/waitlist", oneWaitlistEntrySchema, { departmentId, appointmentTypeId: typeId, clinicianId: clinicianId || undefined, fromDate, toDate });
    setBusy(false);
    if (result.ok) onJoined(result.data.entry);
    else setError(result.error.message);
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Join the waitlist</h2>
      <form onSubmit={onSubmit} data-testid="join-waitlist">
        <label htmlFor={`${id}-department`}>Department</label>
        <select id={`${id}-department`} value={departmentId} onChange={(e) => chooseDepartment(e.target.value)}>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} ({d.location.name})
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-type`}>Appointment type</label>
        <select id={`${id}-type`} value={typeId} onChange={(e) => setTypeId(e.target.value)}>
          {department.appointmentTypes.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.durationMinutes} min)
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-clinician`}>Clinician</label>
        <select id={`${id}-clinician`} value={clinicianId} onChange={(e) => setClinicianId(e.target.value)}>
          <option value="">Any clinician</option>
          {department.clinicians.map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayName}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" value={fromDate} min={department.today} onChange={(e) => setFromDate(e.target.value)} required />
        <label htmlFor={`${id}-to`}>To (at most 60 days)</label>
        <input id={`${id}-to`} type="date" value={toDate} min={fromDate} onChange={(e) => setToDate(e.target.value)} required />
        <FormFooter error={error} busy={busy} label="Join the waitlist" busyLabel="Joining…" />
      </form>
    </section>
  );
}
