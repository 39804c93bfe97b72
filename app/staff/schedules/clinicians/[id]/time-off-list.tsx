import type { TimeOffView } from "@/server/schedules/time-off-schemas";
import { AffectedAppointments, clinicDateTime } from "./affected-appointments";
import { RemoveTimeOffButton } from "./remove-time-off-button";

/** Upcoming time off, each with the booked appointments still inside it. */
export function TimeOffList({ clinicianId, timeOff, timeZone, canEdit }: { clinicianId: string; timeOff: TimeOffView[]; timeZone: string; canEdit: boolean }) {
  if (timeOff.length === 0) return <p className="muted">No time off in this period.</p>;
  return (
    <ul className="plain" data-testid="time-off">
      {timeOff.map((t) => {
        const period = `${clinicDateTime(t.startsAt, timeZone)} – ${clinicDateTime(t.endsAt, timeZone)}`;
        return (
          <li key={t.id}>
            <div>
              {period}
              {t.reason && <span className="muted"> · {t.reason}</span>}{" "}
              {canEdit && <RemoveTimeOffButton clinicianId={clinicianId} timeOffId={t.id} label={period} />}
            </div>
            <AffectedAppointments appointments={t.affectedAppointments} timeZone={timeZone} />
          </li>
        );
      })}
    </ul>
  );
}
