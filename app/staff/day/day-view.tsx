"use client";

import { useCallback, useId, useRef, useState } from "react";
import { CancelForm } from "@/app/_components/booking/cancel-form";
import { StatusBadge } from "@/app/_components/booking/status-badge";
import { ConnectionStatus } from "@/app/_components/connection-status";
import { callApi, query } from "@/app/_lib/api-client";
import { clinicianDaySchema, oneAppointmentSchema, type Appointment, type ClinicianDay } from "@/app/_lib/booking-wire";
import { addDays, formatDay, formatTime, localDateIn } from "@/app/_lib/clinic-time";
import { useAvailabilityWatch } from "@/app/_lib/use-availability-watch";
import { useClinicSocket } from "@/app/_lib/use-clinic-socket";
import { useNow } from "@/app/_lib/use-now";

export interface DayClinician {
  id: string;
  displayName: string;
  room: string;
  departmentName: string;
  timeZone: string;
}

/**
 * One clinician's day for staff, live: the day is watched, and re-read whenever anything on it
 * changes (a booking, a cancellation, a status) and after every reconnect.
 */
export function DayView({ clinicians, initial, renderedAt, canCancel }: { clinicians: DayClinician[]; initial: ClinicianDay; renderedAt: number; canCancel: boolean }) {
  const { socket, state } = useClinicSocket();
  const [clinicianId, setClinicianId] = useState(initial.clinician.id);
  const [date, setDate] = useState(initial.date);
  const [day, setDay] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const now = useNow(renderedAt);
  const clinicianFieldId = useId();
  const dateFieldId = useId();
  const latestRequest = useRef("");

  const read = useCallback(async (forClinician: string, forDate: string) => {
    const key = `${forClinician}|${forDate}`;
    latestRequest.current = key;
    const result = await callApi(`/api/appointments/day?${query({ clinicianId: forClinician, date: forDate })}`, clinicianDaySchema);
    if (latestRequest.current !== key) return; // another day was chosen meanwhile
    if (result.ok) {
      setDay(result.data);
      setError(null);
    } else {
      setError(result.error.message);
    }
  }, []);

  useAvailabilityWatch(socket, { clinicianIds: [clinicianId], dates: [date] }, () => void read(clinicianId, date));

  function show(nextClinician: string, nextDate: string) {
    setClinicianId(nextClinician);
    setDate(nextDate);
    window.history.replaceState(null, "", `?${query({ clinicianId: nextClinician, date: nextDate })}`);
    // When connected, the new watch triggers the read; offline, read now.
    if (!socket?.connected) void read(nextClinician, nextDate);
  }

  const clinician = clinicians.find((c) => c.id === clinicianId);
  const timeZone = clinician?.timeZone ?? day.timeZone;
  const stale = day.clinician.id !== clinicianId || day.date !== date;
  const departments = [...new Set(clinicians.map((c) => c.departmentName))];

  return (
    <>
      <section className="card" aria-labelledby="day-title">
        <div className="picker-head">
          <h1 id="day-title">Day view</h1>
          <ConnectionStatus state={state} />
        </div>
        <div className="toolbar">
          <div>
            <label htmlFor={clinicianFieldId}>Clinician</label>
            <select id={clinicianFieldId} value={clinicianId} onChange={(e) => show(e.target.value, date)}>
              {departments.map((department) => (
                <optgroup key={department} label={department}>
                  {clinicians
                    .filter((c) => c.departmentName === department)
                    .map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.displayName} ({c.room})
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={dateFieldId}>Date</label>
            <input id={dateFieldId} type="date" value={date} required onChange={(e) => e.target.value && show(clinicianId, e.target.value)} />
          </div>
          <p className="actions tight">
            <button type="button" className="secondary" onClick={() => show(clinicianId, addDays(date, -1))}>
              Previous day
            </button>
            <button type="button" className="secondary" onClick={() => show(clinicianId, localDateIn(now, timeZone))}>
              Today
            </button>
            <button type="button" className="secondary" onClick={() => show(clinicianId, addDays(date, 1))}>
              Next day
            </button>
          </p>
        </div>
      </section>
      <section className="card" aria-labelledby="day-list-title" aria-busy={stale}>
        <h2 id="day-list-title">
          {clinician?.displayName ?? day.clinician.displayName} · {formatDay(date)} <span className="muted">({timeZone})</span>
        </h2>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {stale ? (
          <p className="muted">Loading…</p>
        ) : day.appointments.length === 0 ? (
          <p className="muted">No appointments on this day.</p>
        ) : (
          <table data-testid="day-appointments">
            <thead>
              <tr>
                <th>Time</th>
                <th>Patient</th>
                <th>MRN</th>
                <th>Type</th>
                <th>Status</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {day.appointments.map((a) => (
                <DayRow key={a.id} appointment={a} now={now} canCancel={canCancel} onChanged={() => void read(clinicianId, date)} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function DayRow({ appointment: a, now, canCancel, onChanged }: { appointment: Appointment; now: number; canCancel: boolean; onChanged: () => void }) {
  const [cancelling, setCancelling] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const started = Date.parse(a.startsAt) <= now;
  const patientName = a.patient ? `${a.patient.firstName} ${a.patient.lastName}` : "—";

  async function mark(status: "COMPLETED" | "NO_SHOW") {
    setBusy(true);
    setError(null);
    const result = await callApi(`/api/appointments/${a.id}/status`, oneAppointmentSchema, { status });
    setBusy(false);
    if (result.ok) onChanged();
    else setError(result.error.message);
  }

  const active = a.status === "BOOKED" || a.status === "HELD";
  const canMark = a.status === "BOOKED" && started;
  const canCancelRow = active && !started && canCancel;
  return (
    <>
      <tr className={active ? undefined : "inactive"}>
        <td className="time">
          {formatTime(a.startsAt, a.timeZone)}–{formatTime(a.endsAt, a.timeZone)}
        </td>
        <td>{patientName}</td>
        <td>{a.patient?.medicalRecordNumber ?? "—"}</td>
        <td>{a.appointmentType.name}</td>
        <td>
          <StatusBadge status={a.status} />
          {a.cancelReason && <div className="muted">{a.cancelReason}</div>}
        </td>
        <td>
          <div className="actions tight">
            {canMark && (
              <>
                <button type="button" disabled={busy} onClick={() => void mark("COMPLETED")} aria-label={`Mark ${patientName} completed`}>
                  Completed
                </button>
                <button type="button" className="secondary" disabled={busy} onClick={() => void mark("NO_SHOW")} aria-label={`Mark ${patientName} no-show`}>
                  No-show
                </button>
              </>
            )}
            {canCancelRow && !cancelling && (
              <button type="button" className="secondary" onClick={() => setCancelling(true)} aria-label={`Cancel ${patientName}'s appointment`}>
                Cancel
              </button>
            )}
            {!canMark && !canCancelRow && <span className="muted">—</span>}
          </div>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </td>
      </tr>
      {cancelling && (
        <tr>
          <td colSpan={6} className="row-panel">
            <CancelForm
              appointmentId={a.id}
              onCancelled={() => {
                setCancelling(false);
                onChanged();
              }}
              onClose={() => setCancelling(false)}
            />
          </td>
        </tr>
      )}
    </>
  );
}
