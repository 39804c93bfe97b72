"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { BookedCard } from "@/app/_components/booking/booked-card";
import { BookingChoices, initialChoice, pickerTarget, type BookingChoice } from "@/app/_components/booking/booking-choices";
import { ConfirmStep } from "@/app/_components/booking/pick-and-confirm";
import { SlotPicker } from "@/app/_components/booking/slot-picker";
import { SlotTaken } from "@/app/_components/booking/slot-taken";
import { callApi } from "@/app/_lib/api-client";
import { oneAppointmentSchema, slotTakenAlternatives, type Appointment, type BookingDepartment, type SlotChoice } from "@/app/_lib/booking-wire";
import { formatClinicTime, localDateIn } from "@/app/_lib/clinic-time";

interface Hold {
  appointment: Appointment;
  /** When the hold ends, on this browser's clock. */
  deadline: number;
}

/**
 * A patient books online: steps 1–3 (department, type, clinician), then a day and a time.
 * Picking a time holds it for a few minutes (others no longer see it); Confirm books it.
 */
export function BookingFlow({ departments, renderedAt }: { departments: BookingDepartment[]; renderedAt: number }) {
  const [choice, setChoice] = useState<BookingChoice>(() => initialChoice(departments));
  const [hold, setHold] = useState<Hold | null>(null);
  const [taken, setTaken] = useState<SlotChoice[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [refreshToken, setRefreshToken] = useState(0);
  const [booked, setBooked] = useState<Appointment | null>(null);
  const target = pickerTarget(departments, choice);

  function choose(next: BookingChoice) {
    setChoice(next);
    setTaken(null);
    setNotice(null);
  }

  async function holdSlot(slot: SlotChoice) {
    if (!target) return;
    setBusy(true);
    setNotice(null);
    const result = await callApi("/api/appointments/holds", oneAppointmentSchema, { appointmentTypeId: target.appointmentTypeId, clinicianId: slot.clinicianId, startsAt: slot.startsAt, anyClinician: target.clinicianId === null });
    setBusy(false);
    if (result.ok) {
      setTaken(null);
      setHold({ appointment: result.data.appointment, deadline: deadlineOf(result.data.appointment, result.response) });
      return;
    }
    const alternatives = slotTakenAlternatives(result.error);
    if (alternatives) setTaken(alternatives);
    else setNotice(result.error.message);
    setRefreshToken((t) => t + 1);
  }

  async function confirm(current: Hold) {
    setBusy(true);
    const result = await callApi(`/api/appointments/${current.appointment.id}/confirm`, oneAppointmentSchema, {});
    setBusy(false);
    if (result.ok) {
      setHold(null);
      setBooked(result.data.appointment);
      return;
    }
    const alternatives = slotTakenAlternatives(result.error);
    if (alternatives) setTaken(alternatives);
    else setNotice(result.status === 409 ? "Your hold on this time has ended, so it was released. Please pick a time again." : result.error.message);
    setHold(null);
    setRefreshToken((t) => t + 1);
  }

  async function release(current: Hold) {
    setHold(null);
    // Frees the time for others at once; if this fails the hold simply lapses.
    await callApi(`/api/appointments/${current.appointment.id}/cancel`, oneAppointmentSchema, {});
    setRefreshToken((t) => t + 1);
  }

  function expired() {
    setHold(null);
    setNotice("Your hold on this time has expired, so it was released. Please pick a time again.");
    setRefreshToken((t) => t + 1);
  }

  if (booked) return <Booked appointment={booked} />;

  return (
    <>
      <section className="card" aria-labelledby="book-title">
        <h1 id="book-title">Book an appointment</h1>
        <BookingChoices departments={departments} choice={choice} onChange={choose} />
      </section>
      {target && (
        <section className="card" aria-label="Day and time">
          {notice && (
            <p className="notice warn" role="alert">
              {notice}
            </p>
          )}
          {taken && <SlotTaken alternatives={taken} timeZone={target.timeZone} busy={busy} onPick={(slot) => void holdSlot(slot)} />}
          {hold && (
            <ConfirmStep
              question="Confirm your appointment"
              when={`${hold.appointment.appointmentType.name} on ${formatClinicTime(hold.appointment.startsAt, hold.appointment.timeZone)} with ${hold.appointment.clinician.displayName}, ${hold.appointment.clinician.room}`}
              error={null}
              actions={
                <>
                  <button type="button" disabled={busy} onClick={() => void confirm(hold)}>
                    {busy ? "Confirming…" : "Confirm"}
                  </button>
                  <button type="button" className="secondary" disabled={busy} onClick={() => void release(hold)}>
                    Choose another time
                  </button>
                </>
              }
            >
              <HoldCountdown deadline={hold.deadline} onExpired={expired} />
            </ConfirmStep>
          )}
          <div hidden={hold !== null}>
            <SlotPicker
              key={`${target.appointmentTypeId}|${target.clinicianId ?? "any"}`}
              {...target}
              today={localDateIn(renderedAt, target.timeZone)}
              onPick={(slot) => void holdSlot(slot)}
              busy={busy}
              refreshToken={refreshToken}
              stepTitles={["4. Day", "5. Time"]}
            />
          </div>
        </section>
      )}
    </>
  );
}

/**
 * The hold's end on this browser's clock: its length by the server's clock (the response's
 * Date header, whole seconds) from now, so a browser clock that is off does not matter.
 */
function deadlineOf(appointment: Appointment, response: Response): number {
  const expiresAt = Date.parse(appointment.holdExpiresAt ?? "");
  const serverNow = Date.parse(response.headers.get("date") ?? "");
  if (Number.isNaN(expiresAt)) return Date.now();
  return Number.isNaN(serverNow) ? expiresAt : Date.now() + (expiresAt - serverNow) - 1_000;
}

function HoldCountdown({ deadline, onExpired }: { deadline: number; onExpired: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  const left = Math.max(0, Math.ceil((deadline - now) / 1000));
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (left === 0) onExpired();
  }, [left, onExpired]);
  return (
    <p className="hold-timer" role="timer" aria-live="off" data-testid="hold-countdown">
      Held for you for <strong>{`${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`}</strong> — confirm before it runs out.
    </p>
  );
}

function Booked({ appointment }: { appointment: Appointment }) {
  return (
    <BookedCard heading="You are booked" appointment={appointment}>
      <Link href="/patient/appointments" className="button">
        My appointments
      </Link>
      <a href={`/api/appointments/${appointment.id}/ics`} download className="button secondary">
        Add to calendar (.ics)
      </a>
    </BookedCard>
  );
}
