"use client";

import { useEffect, useRef } from "react";
import type { DisplayBoardData, PublicSnapshot, PublicTicket } from "@/app/_lib/queue-wire";
import { playChime } from "./chime";
import { useDisplayStream } from "./use-display-stream";

const CALLS_SHOWN = 6;
const NEXT_SHOWN = 6;

type Call = PublicTicket & { calledAt: string; calledTo: string };

const isCall = (t: PublicTicket): t is Call => t.state === "CALLED" && t.calledAt !== null && t.calledTo !== null;
const latestFirst = (a: Call, b: Call) => Date.parse(b.calledAt) - Date.parse(a.calledAt);

/** The most recent call on the whole display: what the banner shows and the chime announces. */
function latestCall(departments: PublicSnapshot[]): Call | null {
  return departments.flatMap((d) => d.tickets.filter(isCall)).sort(latestFirst)[0] ?? null;
}

/**
 * The waiting-room screen: for each department the patients called now with their rooms and
 * the next codes in line, and the latest call in a banner with a chime. Codes and rooms only:
 * the public stream carries no names.
 */
export function DisplayBoard({ displayKey, initial }: { displayKey: string; initial: DisplayBoardData }) {
  const { departments, connection } = useDisplayStream(displayKey, initial);
  const latest = latestCall(departments);
  const latestAt = latest ? Date.parse(latest.calledAt) : 0;
  const announcedAt = useRef<number | null>(null);

  // Chime for a call (or a recall) newer than any shown before; never for what was on screen at load.
  useEffect(() => {
    if (announcedAt.current !== null && latestAt > announcedAt.current) playChime();
    announcedAt.current = Math.max(announcedAt.current ?? 0, latestAt);
  }, [latestAt]);

  return (
    <div className="display-screen" data-testid="display">
      <header className="display-head">
        <h1>{initial.locationName}</h1>
        {connection !== "connected" && (
          <span className="display-connection" data-testid="display-connection">
            {connection === "connecting" ? "Connecting…" : "Reconnecting…"}
          </span>
        )}
      </header>
      <section className="display-latest" aria-label="Latest call">
        <div role="status" aria-live="polite">
          {latest ? (
            <p key={`${latest.id}@${latest.calledAt}`} className="display-latest-call" data-testid="latest-call">
              <CallText call={latest} />
            </p>
          ) : (
            <p className="display-latest-none">Please wait to be called</p>
          )}
        </div>
      </section>
      <div className="display-departments">
        {departments.map((d) => (
          <DepartmentColumn key={d.departmentId} department={d} latestId={latest?.id ?? null} />
        ))}
      </div>
    </div>
  );
}

function DepartmentColumn({ department, latestId }: { department: PublicSnapshot; latestId: string | null }) {
  const calls = department.tickets.filter(isCall).sort(latestFirst).slice(0, CALLS_SHOWN);
  const waiting = department.tickets.filter((t) => t.state === "WAITING");
  const titleId = `display-${department.departmentId}`;
  return (
    <section className="display-department" aria-labelledby={titleId} data-testid="display-department">
      <h2 id={titleId}>{department.departmentName}</h2>
      <h3>Now calling</h3>
      {calls.length === 0 ? (
        <p className="display-empty">—</p>
      ) : (
        <ul className="display-calls">
          {calls.map((t) => (
            <li key={t.id} className={t.id === latestId ? "latest" : undefined} data-testid="display-call">
              <CallText call={t} />
            </li>
          ))}
        </ul>
      )}
      <h3>Next</h3>
      {waiting.length === 0 ? (
        <p className="display-empty">Nobody waiting</p>
      ) : (
        <ol className="display-next" data-testid="display-next">
          {waiting.slice(0, NEXT_SHOWN).map((t) => (
            <li key={t.id}>{t.code}</li>
          ))}
          {waiting.length > NEXT_SHOWN && <li className="more">+{waiting.length - NEXT_SHOWN} more</li>}
        </ol>
      )}
    </section>
  );
}

/** "G-014 → Room 3" on screen; "G-014, please go to Room 3" for screen readers. */
function CallText({ call }: { call: Call }) {
  return (
    <>
      <span className="code">{call.code}</span> <span aria-hidden="true">→</span>
      <span className="visually-hidden">, please go to</span> <span className="room">{call.calledTo}</span>
    </>
  );
}
