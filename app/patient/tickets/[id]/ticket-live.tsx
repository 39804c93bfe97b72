"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { ConnectionStatus } from "@/app/_components/connection-status";
import { callApi } from "@/app/_lib/api-client";
import { onePatientTicketSchema, type PatientTicket } from "@/app/_lib/queue-wire";
import { useClinicSocket } from "@/app/_lib/use-clinic-socket";
import { usePublicQueue } from "@/app/_lib/use-queue-stream";

/** Changes come in bursts (a call, then a start): one read for them all. */
const REREAD_DELAY_MS = 150;

/**
 * The patient's ticket, live. The page follows the department's public stream (codes only,
 * no names) and, whenever it moves (or after a gap or a reconnect), re-reads the ticket:
 * the server computes the place in line and the wait. When reception transfers the patient,
 * the page follows the new ticket (and its department's stream) and says where they are now.
 */
export function TicketLive({ initial }: { initial: PatientTicket }) {
  const { socket, state } = useClinicSocket();
  const [ticket, setTicket] = useState(initial);
  const [movedTo, setMovedTo] = useState<Transfer | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The ticket being followed: the one opened, then each one it was transferred to.
  const followed = useRef(initial.id);

  const reread = useCallback(() => {
    const schedule = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(read, REREAD_DELAY_MS);
    };
    const read = async () => {
      const id = followed.current;
      const result = await callApi(`/api/tickets/${encodeURIComponent(id)}`, onePatientTicketSchema);
      // An answer about a ticket no longer followed (the transfer was seen meanwhile) is old news.
      if (id !== followed.current) return;
      if (!result.ok) {
        setProblem(result.error.message);
        return;
      }
      const next = result.data.ticket;
      setProblem(null);
      setTicket(next);
      if (next.state !== "TRANSFERRED" || !next.transferredTo) return;
      followed.current = next.transferredTo.id;
      setMovedTo(next.transferredTo);
      // A reload (or a bookmark) opens the ticket that counts now.
      window.history.replaceState(null, "", `/patient/tickets/${encodeURIComponent(next.transferredTo.id)}`);
      schedule();
    };
    schedule();
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  // Opened from an old link: go straight on to the new ticket.
  useEffect(() => {
    if (initial.state === "TRANSFERRED" && initial.transferredTo) reread();
  }, [initial, reread]);

  usePublicQueue(socket, ticket.departmentId, reread);

  return (
    <section className="card ticket-card" aria-labelledby="ticket-title">
      <div className="picker-head">
        <h1 id="ticket-title">Your ticket</h1>
        <ConnectionStatus state={state} />
      </div>
      {movedTo && ticket.state !== "TRANSFERRED" && (
        <p className="ticket-moved" data-testid="ticket-moved">
          <MovedTo transfer={movedTo} />
        </p>
      )}
      <p className="muted">{ticket.departmentName}</p>
      <p className="ticket-big" data-testid="ticket-code">
        {ticket.code}
      </p>
      <div role="status" aria-live="polite" className="ticket-news" data-state={ticket.state} data-testid="ticket-status">
        <TicketNews ticket={ticket} />
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <p className="muted small-print">This page updates by itself. Keep it open while you wait.</p>
      <p>
        <Link href="/patient/appointments">My appointments</Link>
      </p>
    </section>
  );
}

type Transfer = NonNullable<PatientTicket["transferredTo"]>;

function MovedTo({ transfer }: { transfer: Transfer }) {
  return (
    <>
      You have been moved to {transfer.departmentName}. Your new ticket is <strong>{transfer.code}</strong>.
    </>
  );
}

function TicketNews({ ticket }: { ticket: PatientTicket }) {
  switch (ticket.state) {
    case "WAITING":
      return (
        <>
          <p className="ticket-state">You are in line.</p>
          <dl className="ticket-facts">
            <div>
              <dt>Place in line</dt>
              <dd data-testid="ticket-position">{ticket.position ?? "—"}</dd>
            </div>
            <div>
              <dt>Estimated wait</dt>
              <dd>
                {ticket.estimatedWaitMinutes === null ? (
                  "—"
                ) : (
                  <>
                    {ticket.estimatedWaitMinutes < 1 ? "< 1" : `~${ticket.estimatedWaitMinutes}`} <small>min</small>
                  </>
                )}
              </dd>
            </div>
          </dl>
          {ticket.position === 1 && <p>You are next. Please stay close.</p>}
        </>
      );
    case "CALLED":
      return <p className="go-to">Please go to {ticket.calledTo ?? "reception"}</p>;
    case "IN_SERVICE":
      return <p className="ticket-state">You are being seen{ticket.calledTo ? ` in ${ticket.calledTo}` : ""}.</p>;
    case "DONE":
      return <p className="ticket-state">Your visit is finished. Thank you, and get well soon.</p>;
    case "NO_SHOW":
      return <p className="ticket-state">You were called but we could not find you. Please speak to reception.</p>;
    case "CANCELLED":
      return <p className="ticket-state">This ticket was cancelled. If that is a mistake, please speak to reception.</p>;
    case "TRANSFERRED":
      return (
        <p className="ticket-state">
          {ticket.transferredTo ? <MovedTo transfer={ticket.transferredTo} /> : "You have been moved to another department's queue. Reception will tell you your new number."}
        </p>
      );
    default:
      return <p className="ticket-state">Please speak to reception.</p>;
  }
}
