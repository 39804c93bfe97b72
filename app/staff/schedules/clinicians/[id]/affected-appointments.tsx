import { formatDay, formatTime, localDateIn } from "@/app/_lib/clinic-time";
import type { AffectedAppointmentView } from "@/server/schedules/time-off-schemas";

/** "Mon 10 Mar 08:00" in the clinic's zone. */
export function clinicDateTime(instant: string, timeZone: string): string {
  return `${formatDay(localDateIn(instant, timeZone))} ${formatTime(instant, timeZone)}`;
}

/** BOOKED appointments inside a time off: they stay booked until reception moves them. */
export function AffectedAppointments({ appointments, timeZone }: { appointments: AffectedAppointmentView[]; timeZone: string }) {
  if (appointments.length === 0) return null;
  return (
    <div className="warning" data-testid="affected-appointments">
      <strong>
        {appointments.length} booked appointment{appointments.length === 1 ? "" : "s"} in this time off. Please move {appointments.length === 1 ? "it" : "them"}:
      </strong>
      <ul>
        {appointments.map((a) => (
          <li key={a.id}>
            {clinicDateTime(a.startsAt, timeZone)} · {a.patientName} · {a.appointmentTypeName}
          </li>
        ))}
      </ul>
    </div>
  );
}
