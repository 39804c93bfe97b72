"use client";

import Link from "next/link";
import { useState } from "react";
import { BookedCard } from "@/app/_components/booking/booked-card";
import { BookingChoices, initialChoice, pickerTarget, type BookingChoice } from "@/app/_components/booking/booking-choices";
import { PickAndConfirm } from "@/app/_components/booking/pick-and-confirm";
import { PatientFinder, patientLabel, type ChosenPatient } from "@/app/_components/patient-finder";
import { callApi, query } from "@/app/_lib/api-client";
import { oneAppointmentSchema, type Appointment, type BookingDepartment } from "@/app/_lib/booking-wire";
import { localDateIn } from "@/app/_lib/clinic-time";

/**
 * Reception books for a patient: find or register the patient, then the same steps as online
 * booking (every non-archived type, phone-only ones too), then book the time directly.
 */
export function StaffBookingFlow({ departments, renderedAt }: { departments: BookingDepartment[]; renderedAt: number }) {
  const [patient, setPatient] = useState<ChosenPatient | null>(null);
  const [choice, setChoice] = useState<BookingChoice>(() => initialChoice(departments));
  const [booked, setBooked] = useState<Appointment | null>(null);
  const target = pickerTarget(departments, choice);
  const typeName = departments.flatMap((d) => d.appointmentTypes).find((t) => t.id === choice.appointmentTypeId)?.name ?? "the appointment";

  if (!patient) {
    return (
      <section className="card" aria-labelledby="staff-book-title">
        <h1 id="staff-book-title">Book an appointment</h1>
        <PatientFinder onSelect={setPatient} />
      </section>
    );
  }

  if (booked) {
    return (
      <BookedForPatient
        appointment={booked}
        patient={patient}
        onAnother={() => setBooked(null)}
        onOtherPatient={() => {
          setBooked(null);
          setPatient(null);
        }}
      />
    );
  }

  return (
    <>
      <section className="card" aria-labelledby="staff-book-title">
        <h1 id="staff-book-title">Book an appointment</h1>
        <div className="notice" data-testid="chosen-patient">
          <p>
            For <strong>{patientLabel(patient)}</strong> · {patient.medicalRecordNumber} · born {patient.dateOfBirth}
          </p>
          <p className="actions tight">
            <button type="button" className="secondary" onClick={() => setPatient(null)}>
              Change patient
            </button>
          </p>
        </div>
        <BookingChoices departments={departments} choice={choice} onChange={setChoice} showPhoneOnly />
      </section>
      {target && (
        <section className="card" aria-label="Day and time">
          <PickAndConfirm
            key={`${target.appointmentTypeId}|${target.clinicianId ?? "any"}`}
            picker={{ ...target, today: localDateIn(renderedAt, target.timeZone), stepTitles: ["4. Day", "5. Time"] }}
            question={`Book ${typeName} for ${patientLabel(patient)}`}
            confirmLabel="Book"
            busyLabel="Booking…"
            onConfirm={(slot) =>
              callApi("/api/appointments", oneAppointmentSchema, { appointmentTypeId: target.appointmentTypeId, clinicianId: slot.clinicianId, startsAt: slot.startsAt, patientId: patient.id, anyClinician: target.clinicianId === null })
            }
            onDone={setBooked}
          />
        </section>
      )}
    </>
  );
}

function BookedForPatient({ appointment: a, patient, onAnother, onOtherPatient }: { appointment: Appointment; patient: ChosenPatient; onAnother: () => void; onOtherPatient: () => void }) {
  return (
    <BookedCard heading={`Booked for ${patientLabel(patient)}`} appointment={a}>
      <button type="button" onClick={onAnother}>
        Book another for {patient.firstName}
      </button>
      <button type="button" className="secondary" onClick={onOtherPatient}>
        Book for another patient
      </button>
      <Link href={`/staff/day?${query({ clinicianId: a.clinician.id, date: a.date })}`} className="button secondary">
        Open {a.clinician.displayName}&apos;s day
      </Link>
    </BookedCard>
  );
}
