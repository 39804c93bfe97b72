"use client";

import { useId, useState } from "react";
import type { Colleague } from "@/app/_lib/messaging/wire";
import { PresenceDot } from "./presence-dot";

export const ROLE_LABELS: Record<Colleague["role"], string> = { ADMIN: "Admin", RECEPTIONIST: "Reception", CLINICIAN: "Clinician", PATIENT: "Patient" };

/** Staff to choose from, with a filter and presence; `max` limits how many can be ticked. */
export function StaffPicker({
  people,
  exclude,
  selected,
  max,
  onChange,
}: {
  people: Colleague[] | null;
  exclude: readonly string[];
  selected: readonly string[];
  max: number;
  onChange: (selected: string[]) => void;
}) {
  const id = useId();
  const [filter, setFilter] = useState("");
  if (!people) return <p className="muted">Loading staff…</p>;
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = people.filter((p) => !exclude.includes(p.id) && words.every((w) => `${p.displayName} ${p.departmentName ?? ""} ${ROLE_LABELS[p.role]}`.toLowerCase().includes(w)));
  const full = selected.length >= max;

  return (
    <fieldset className="staff-picker">
      <legend>People</legend>
      <label htmlFor={`${id}-filter`}>Find people</label>
      <input id={`${id}-filter`} type="search" value={filter} autoComplete="off" onChange={(e) => setFilter(e.target.value)} />
      {full && <p className="muted small">{`At most ${max} people.`}</p>}
      <ul className="person-list">
        {shown.map((person) => {
          const checked = selected.includes(person.id);
          return (
            <li key={person.id}>
              <label className="person-choice">
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={!checked && full}
                  onChange={(e) => onChange(e.target.checked ? [...selected, person.id] : selected.filter((s) => s !== person.id))}
                />
                <PresenceDot status={person.status} />
                <span>{person.displayName}</span>
                <span className="muted small">
                  {ROLE_LABELS[person.role]}
                  {person.departmentName ? ` · ${person.departmentName}` : ""}
                </span>
              </label>
            </li>
          );
        })}
        {shown.length === 0 && <li className="muted">Nobody matches.</li>}
      </ul>
    </fieldset>
  );
}
