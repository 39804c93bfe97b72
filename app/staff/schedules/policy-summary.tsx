import { Fragment } from "react";
import { BOOKING_POLICY_FIELDS, type BookingPolicyView } from "@/server/schedules/booking-policy-schemas";
import { POLICY_LABELS } from "./policy-labels";

/** The booking policy, read-only (reception and clinicians). */
export function PolicySummary({ policy }: { policy: BookingPolicyView }) {
  return (
    <dl className="profile">
      {BOOKING_POLICY_FIELDS.map((field) => (
        <Fragment key={field}>
          <dt>{POLICY_LABELS[field]}</dt>
          <dd>{policy[field]}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
