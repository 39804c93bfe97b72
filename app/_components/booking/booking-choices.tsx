"use client";

import type { BookingDepartment } from "@/app/_lib/booking-wire";

/** "any" stands for "Any clinician" of the department. */
export const ANY_CLINICIAN = "any";

export interface BookingChoice {
  departmentId: string | null;
  appointmentTypeId: string | null;
  clinicianId: string | null;
}

export const NO_CHOICE: BookingChoice = { departmentId: null, appointmentTypeId: null, clinicianId: null };

/** A choice preset where there is nothing to choose: the only department. */
export function initialChoice(departments: BookingDepartment[]): BookingChoice {
  return { ...NO_CHOICE, departmentId: departments.length === 1 ? (departments[0]?.id ?? null) : null };
}

interface Option {
  value: string;
  label: string;
  hint?: string;
}

/** A radio group as a list of cards: arrow keys move between options, as with any radio group. */
function ChoiceGroup({ name, legend, options, value, onChange }: { name: string; legend: string; options: Option[]; value: string | null; onChange: (value: string) => void }) {
  return (
    <fieldset className="choice-group">
      <legend>{legend}</legend>
      <div className="choice-list">
        {options.map((option) => (
          <label key={option.value} className="choice">
            <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
            <span>
              {option.label}
              {option.hint && <small className="muted"> · {option.hint}</small>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * Steps 1–3 of booking: department, appointment type, clinician or "Any clinician". Each step
 * appears once the one before it is answered; changing an earlier answer clears the later ones
 * that no longer fit.
 */
export function BookingChoices({ departments, choice, onChange, showPhoneOnly = false }: { departments: BookingDepartment[]; choice: BookingChoice; onChange: (choice: BookingChoice) => void; showPhoneOnly?: boolean }) {
  const department = departments.find((d) => d.id === choice.departmentId);
  const severalLocations = new Set(departments.map((d) => d.location.id)).size > 1;
  if (departments.length === 0) return <p className="muted">There is nothing to book at the moment.</p>;
  return (
    <>
      <ChoiceGroup
        name="department"
        legend="1. Department"
        options={departments.map((d) => ({ value: d.id, label: d.name, hint: severalLocations ? d.location.name : undefined }))}
        value={choice.departmentId}
        onChange={(departmentId) => onChange({ ...NO_CHOICE, departmentId })}
      />
      {department && (
        <ChoiceGroup
          name="appointment-type"
          legend="2. Appointment type"
          options={department.appointmentTypes.map((t) => ({
            value: t.id,
            label: t.name,
            hint: `${t.durationMinutes} min${showPhoneOnly && !t.bookableOnline ? ", phone/desk only" : ""}`,
          }))}
          value={choice.appointmentTypeId}
          onChange={(appointmentTypeId) => onChange({ ...choice, appointmentTypeId })}
        />
      )}
      {department && choice.appointmentTypeId && (
        <ChoiceGroup
          name="clinician"
          legend="3. Clinician"
          options={[
            { value: ANY_CLINICIAN, label: "Any clinician", hint: "free times of everyone in the department" },
            ...department.clinicians.map((c) => ({ value: c.id, label: c.displayName, hint: c.room })),
          ]}
          value={choice.clinicianId}
          onChange={(clinicianId) => onChange({ ...choice, clinicianId })}
        />
      )}
    </>
  );
}

/** What the slot picker needs once steps 1–3 are answered, or null before. */
export function pickerTarget(departments: BookingDepartment[], choice: BookingChoice): { departmentId: string; appointmentTypeId: string; clinicianId: string | null; timeZone: string } | null {
  const department = departments.find((d) => d.id === choice.departmentId);
  if (!department || !choice.appointmentTypeId || !choice.clinicianId) return null;
  return {
    departmentId: department.id,
    appointmentTypeId: choice.appointmentTypeId,
    clinicianId: choice.clinicianId === ANY_CLINICIAN ? null : choice.clinicianId,
    timeZone: department.location.timeZone,
  };
}
