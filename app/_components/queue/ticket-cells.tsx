import { formatTime } from "@/app/_lib/clinic-time";
import type { TicketView } from "@/app/_lib/queue-wire";

/** The cells every queue table shares: the ticket, the patient, what they came for. */

export function TicketCode({ ticket }: { ticket: Pick<TicketView, "code" | "priority"> }) {
  return (
    <>
      <strong className="ticket-code">{ticket.code}</strong>
      {ticket.priority === "URGENT" && (
        <>
          {" "}
          <span className="badge urgent">Urgent</span>
        </>
      )}
    </>
  );
}

export function patientName(ticket: Pick<TicketView, "patient">): string {
  return `${ticket.patient.firstName} ${ticket.patient.lastName}`;
}

export function PatientCell({ ticket }: { ticket: Pick<TicketView, "patient"> }) {
  return (
    <>
      {patientName(ticket)}
      <div className="muted small nowrap">{ticket.patient.medicalRecordNumber}</div>
    </>
  );
}

/** "09:30 Consultation · Dr. Anna Weber", or "Walk-in"; the reason below. */
export function VisitCell({ ticket, timeZone }: { ticket: Pick<TicketView, "appointment" | "reason">; timeZone: string }) {
  const { appointment, reason } = ticket;
  return (
    <>
      {appointment ? (
        <>
          <span className="time">{formatTime(appointment.startsAt, timeZone)}</span> {appointment.typeName}
          <div className="muted small">{appointment.clinicianName}</div>
        </>
      ) : (
        <span className="muted">Walk-in</span>
      )}
      {reason && <div className="small reason">{reason}</div>}
    </>
  );
}

/** Whole minutes from `from` to `now`, never negative. */
export function minutesSince(from: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(from)) / 60_000));
}

export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}
