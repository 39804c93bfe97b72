"use client";

import type { ReactNode } from "react";
import type { Appointment } from "@/app/_lib/booking-wire";
import { formatClinicTime } from "@/app/_lib/clinic-time";
import { useFocusOnMount } from "@/app/_lib/use-focus-on-mount";

/** The end of a booking: what was booked, and where to go next (`children`, the actions). */
export function BookedCard({ heading, appointment: a, children }: { heading: string; appointment: Appointment; children: ReactNode }) {
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card" data-testid="booked">
      <h1 ref={headingRef} tabIndex={-1}>
        {heading}
      </h1>
      <p className="when">
        {a.appointmentType.name} on {formatClinicTime(a.startsAt, a.timeZone)}
      </p>
      <p>
        with {a.clinician.displayName}, {a.clinician.room} · {a.department.name}
      </p>
      <p className="actions">{children}</p>
    </section>
  );
}
