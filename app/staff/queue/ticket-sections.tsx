"use client";

import { VisitThreadButton } from "@/app/_components/messaging/visit-thread-button";
import { QueueTable } from "@/app/_components/queue/queue-table";
import { TicketActions, type TransferTarget } from "@/app/_components/queue/ticket-actions";
import { PatientCell, TicketCode, VisitCell, formatMinutes, minutesSince } from "@/app/_components/queue/ticket-cells";
import { formatTime } from "@/app/_lib/clinic-time";
import type { BoardState } from "@/app/_lib/queue-apply";
import { isOpenTicket, ticketStateLabel, type BoardTicket } from "@/app/_lib/queue-wire";

type Variant = "waiting" | "called" | "serving";

const HEADINGS: Record<Variant, string[]> = {
  waiting: ["#", "Ticket", "Patient", "Visit", "Waited", "Est. wait", "Actions"],
  called: ["Ticket", "Patient", "Visit", "Called to", "Calls", "Waited", "Actions"],
  serving: ["Ticket", "Patient", "Visit", "Room", "Since", "Actions"],
};

/**
 * One state's tickets on the board. Waiting and called patients who have been here longer than
 * the department's alert time (`waitAlertMinutes`) are flagged, in words as well as colour.
 */
export function TicketSection({
  title,
  variant,
  tickets,
  snapshot,
  now,
  desk,
  transferTargets,
  empty,
}: {
  title: string;
  variant: Variant;
  tickets: BoardTicket[];
  snapshot: BoardState;
  now: number;
  desk: string;
  transferTargets: TransferTarget[];
  empty: string;
}) {
  const headingId = `queue-${variant}-title`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {title} <span className="count">({tickets.length})</span>
      </h2>
      {tickets.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <QueueTable testId={`queue-${variant}`} headings={HEADINGS[variant]}>
          {tickets.map((ticket) => (
            <TicketRow key={ticket.id} ticket={ticket} variant={variant} snapshot={snapshot} now={now} desk={desk} transferTargets={transferTargets} />
          ))}
        </QueueTable>
      )}
    </section>
  );
}

function TicketRow({ ticket, variant, snapshot, now, desk, transferTargets }: { ticket: BoardTicket; variant: Variant; snapshot: BoardState; now: number; desk: string; transferTargets: TransferTarget[] }) {
  const waited = minutesSince(ticket.checkedInAt, now);
  const overdue = variant !== "serving" && waited >= snapshot.waitAlertMinutes;
  const tz = snapshot.timeZone;
  const waitedCell = (
    <td className="time">
      {formatMinutes(waited)}
      {overdue && <div className="overdue-note">Over {snapshot.waitAlertMinutes} min</div>}
    </td>
  );
  return (
    <tr className={overdue ? "overdue" : undefined} data-testid="ticket-row" data-ticket-id={ticket.id} data-code={ticket.code}>
      {variant === "waiting" && <td className="position">{ticket.position ?? "—"}</td>}
      <TicketCells ticket={ticket} timeZone={tz} />
      {variant === "waiting" && (
        <>
          {waitedCell}
          <td className="time">{ticket.estimatedWaitMinutes === null ? "—" : ticket.estimatedWaitMinutes < 1 ? "< 1 min" : `~${formatMinutes(ticket.estimatedWaitMinutes)}`}</td>
        </>
      )}
      {variant === "called" && (
        <>
          <td>
            <strong>{ticket.calledTo ?? "—"}</strong>
          </td>
          <td className="time">
            {ticket.callCount}× {ticket.calledAt && <div className="muted small">last {formatTime(ticket.calledAt, tz)}</div>}
          </td>
          {waitedCell}
        </>
      )}
      {variant === "serving" && (
        <>
          <td>
            <strong>{ticket.calledTo ?? "—"}</strong>
          </td>
          <td className="time">{ticket.serviceStartedAt ? `${formatTime(ticket.serviceStartedAt, tz)} (${formatMinutes(minutesSince(ticket.serviceStartedAt, now))})` : "—"}</td>
        </>
      )}
      <td className="ticket-actions">
        <TicketActions ticket={ticket} calledTo={desk} transferTargets={transferTargets} />
        <VisitThreadButton ticketId={ticket.id} code={ticket.code} />
      </td>
    </tr>
  );
}

/** The ticket (with its check-in time), the patient and the visit: the first cells of every row. */
function TicketCells({ ticket, timeZone }: { ticket: BoardTicket; timeZone: string }) {
  return (
    <>
      <td>
        <TicketCode ticket={ticket} />
        <div className="muted small nowrap">in {formatTime(ticket.checkedInAt, timeZone)}</div>
      </td>
      <td>
        <PatientCell ticket={ticket} />
      </td>
      <td>
        <VisitCell ticket={ticket} timeZone={timeZone} />
      </td>
    </>
  );
}

/** Today's done, no-show, cancelled and transferred tickets, folded away by default. */
export function FinishedTickets({ snapshot }: { snapshot: BoardState }) {
  const finished = snapshot.tickets.filter((t) => !isOpenTicket(t));
  const tz = snapshot.timeZone;
  return (
    <section className="card" aria-label="Finished today">
      <details>
        <summary>
          <h2>
            Done, no-show and cancelled today <span className="count">({finished.length})</span>
          </h2>
        </summary>
        {finished.length === 0 ? (
          <p className="muted">Nothing yet today.</p>
        ) : (
          <QueueTable testId="queue-finished" headings={["Ticket", "Patient", "Visit", "Outcome", "Actions"]}>
            {finished.map((ticket) => (
              <tr key={ticket.id} className="inactive" data-testid="ticket-row" data-ticket-id={ticket.id} data-code={ticket.code}>
                <TicketCells ticket={ticket} timeZone={tz} />
                <td>
                  <span className="badge" data-state={ticket.state}>
                    {ticketStateLabel(ticket.state)}
                  </span>
                  {ticket.finishedAt && <div className="muted small">{formatTime(ticket.finishedAt, tz)}</div>}
                </td>
                <td className="ticket-actions">
                  <TicketActions ticket={ticket} calledTo="" transferTargets={[]} only={["requeue"]} />
                  <VisitThreadButton ticketId={ticket.id} code={ticket.code} />
                </td>
              </tr>
            ))}
          </QueueTable>
        )}
      </details>
    </section>
  );
}
