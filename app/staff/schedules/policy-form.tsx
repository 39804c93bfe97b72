"use client";

import type { FormEvent } from "react";
import { FormFooter } from "@/app/_components/form-footer";
import { BOOKING_POLICY_FIELDS, BOOKING_POLICY_LIMITS, type BookingPolicyView } from "@/server/schedules/booking-policy-schemas";
import { POLICY_LABELS } from "./policy-labels";
import { numberField, useScheduleAction } from "./use-schedule-action";

/** The location's booking policy, for admins. Each field within the database's limits. */
export function PolicyForm({ policy }: { policy: BookingPolicyView }) {
  const { busy, error, problems, run } = useScheduleAction();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await run(`/api/locations/${policy.locationId}/policy`, "PATCH", Object.fromEntries(BOOKING_POLICY_FIELDS.map((f) => [f, numberField(form, f)])));
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      {BOOKING_POLICY_FIELDS.map((field) => {
        const { min, max } = BOOKING_POLICY_LIMITS[field];
        return (
          <div key={field}>
            <label htmlFor={`policy-${field}`}>{POLICY_LABELS[field]}</label>
            <input
              id={`policy-${field}`}
              name={field}
              type="number"
              inputMode="numeric"
              min={min}
              max={max}
              step={1}
              defaultValue={policy[field]}
              aria-invalid={Boolean(problems[field])}
              aria-describedby={`policy-${field}-range`}
            />
            <small id={`policy-${field}-range`} className="muted">
              {min} to {max}
            </small>
            {problems[field] && <p className="error">{problems[field]}</p>}
          </div>
        );
      })}
      <FormFooter error={error} busy={busy} label="Save booking policy" busyLabel="Saving…" />
    </form>
  );
}
