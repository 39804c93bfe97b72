"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CancelForm } from "@/app/_components/booking/cancel-form";
import { PickAndConfirm } from "@/app/_components/booking/pick-and-confirm";
import { StatusBadge } from "@/app/_components/booking/status-badge";
import { callApi } from "@/app/_lib/api-client";
import { oneAppointmentSchema, ownAppointmentsSchema, type Appointment, type OwnAppointments } from "@/app/_lib/booking-wire";
import { formatClinicTime, localDateIn } from "@/app/_lib/clinic-time";
import { selfCheckInSchema } from "@/app/_lib/queue-wire";
import { useNow } from "@/app/_lib/use-now";

/** The patient's upcoming appointments (with calendar file, cancel, reschedule) and past ones. */
export function AppointmentList({ initial, renderedAt }: { initial: OwnAppointments; renderedAt: number }) {
  const [appointments, setAppointments] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  const now = useNow(renderedAt);

  // The message and the re-read list appear together, so nothing shows the old state as new.
  async function changed(what: string) {
    const result = await callApi("/api/appointments", ownAppointmentsSchema);
    if (result.ok) setAppointments(result.data);
    setMessage(what);
  }

  return (
    <>
      <div role="status">{message && <p className="notice">{message}</p>}</div>
      <section className="card" aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">Upcoming</h2>
        {appointments.upcoming.length === 0 ? (
          <p className="muted">
            No upcoming appointments. <Link href="/book">Book one</Link>
          </p>
        ) : (
          <ul className="plain appointments" data-testid="upcoming-appointments">
            {appointments.upcoming.map((a) => (
              <UpcomingAppointment key={a.id} appointment={a} now={now} onChanged={(what) => void changed(what)} />
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="past-title">
        <h2 id="past-title">Past and cancelled</h2>
        {appointments.past.length === 0 ? (
          <p className="muted">Nothing here yet.</p>
        ) : (
          <ul className="plain appointments" data-testid="past-appointments">
            {appointments.past.map((a) => (
              <li key={a.id}>
                <Summary appointment={a} />
                {a.cancelReason && <p className="muted meta">Reason: {a.cancelReason}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function Summary({ appointment: a }: { appointment: Appointment }) {
  return (
    <>
      <div>
        <strong>{formatClinicTime(a.startsAt, a.timeZone)}</strong> <StatusBadge status={a.status} />
      </div>
      <p className="meta">
        {a.appointmentType.name} ({a.appointmentType.durationMinutes} min) with {a.clinician.displayName}, {a.clinician.room} · {a.department.name}
      </p>
    </>
  );
}

function UpcomingAppointment({ appointment: a, now, onChanged }: { appointment: Appointment; now: number; onChanged: (what: string) => void }) {
  const [mode, setMode] = useState<"cancel" | "reschedule" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const when = formatClinicTime(a.startsAt, a.timeZone);
  const label = `${a.appointmentType.name} on ${when}`;

  async function confirmHold() {
    setBusy(true);
    setError(null);
    const result = await callApi(`/api/appointments/${a.id}/confirm`, oneAppointmentSchema, {});
    setBusy(false);
    if (result.ok) onChanged(`Booked: ${label}.`);
    else setError(result.error.message);
  }

  return (
    <li data-testid="appointment">
      <Summary appointment={a} />
      {a.status === "HELD" ? (
        <>
          <p className="muted meta">Held for you until {formatClinicTime(a.holdExpiresAt ?? a.startsAt, a.timeZone)}. Confirm to book it.</p>
          <p className="actions tight">
            <button type="button" disabled={busy} onClick={() => void confirmHold()}>
              Confirm
            </button>
          </p>
        </>
      ) : (
        <>
          <p className="muted meta">
            {now < Date.parse(a.changeableUntil)
              ? `You can cancel or reschedule online until ${formatClinicTime(a.changeableUntil, a.timeZone)}.`
              : "It is too close to the start to change it online. Please call reception."}
          </p>
          {mode === null && (
            <p className="actions tight">
              {a.date === localDateIn(now, a.timeZone) && <CheckInButton appointmentId={a.id} label={label} onError={setError} />}
              <a href={`/api/appointments/${a.id}/ics`} download className="button secondary">
                Add to calendar
              </a>
              <button type="button" className="secondary" onClick={() => setMode("reschedule")}>
                Reschedule
              </button>
              <button type="button" className="secondary" onClick={() => setMode("cancel")}>
                Cancel
              </button>
            </p>
          )}
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {mode === "cancel" && <CancelForm appointmentId={a.id} onCancelled={() => onChanged(`Cancelled: ${label}.`)} onClose={() => setMode(null)} />}
      {mode === "reschedule" && (
        <div className="inline-form">
          <PickAndConfirm
            picker={{
              appointmentTypeId: a.appointmentType.id,
              departmentId: a.department.id,
              clinicianId: a.clinician.id,
              timeZone: a.timeZone,
              today: localDateIn(now, a.timeZone),
              stepTitles: ["New day", "New time"],
            }}
            question={`Move your ${a.appointmentType.name} from ${when} to`}
            confirmLabel="Move appointment"
            busyLabel="Moving…"
            onConfirm={(slot) => callApi(`/api/appointments/${a.id}/reschedule`, oneAppointmentSchema, { startsAt: slot.startsAt, clinicianId: slot.clinicianId })}
            onDone={(moved) => onChanged(`Moved: your ${a.appointmentType.name} is now on ${formatClinicTime(moved.startsAt, moved.timeZone)}.`)}
          />
          <p className="actions">
            <button type="button" className="secondary" onClick={() => setMode(null)}>
              Keep the current time
            </button>
          </p>
        </div>
      )}
    </li>
  );
}

/**
 * Today's appointment: check in from the phone (POST /api/appointments/[id]/check-in) and go
 * to the live ticket. Outside the check-in window the server's CHECK_IN_CLOSED message says when
 * it opens or to see reception.
 */
function CheckInButton({ appointmentId, label, onError }: { appointmentId: string; label: string; onError: (message: string | null) => void }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);

  async function checkIn() {
    setBusy(true);
    onError(null);
    const result = await callApi(`/api/appointments/${appointmentId}/check-in`, selfCheckInSchema, {});
    if (result.ok) {
      router.push(`/patient/tickets/${result.data.ticketId}`);
      return;
    }
    setBusy(false);
    onError(result.error.message);
  }

  return (
    <button type="button" disabled={busy} onClick={() => void checkIn()} aria-label={`Check in for ${label}`}>
      {busy ? "Checking in…" : "Check in"}
    </button>
  );
}
