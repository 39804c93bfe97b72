"use client";

import { useState } from "react";
import { callApi } from "@/app/_lib/api-client";
import { oneTicketSchema } from "@/app/_lib/queue-wire";
import { patientName } from "./ticket-cells";

export type CallOutcome = { kind: "called" | "empty" | "error"; text: string };

/**
 * "Call next": the first waiting patient in policy order, to this room or desk
 * (POST /api/queue/[departmentId]/call-next). Nobody waiting (QUEUE_EMPTY) is news, not an error.
 * The button sits in a toolbar; what happened is shown below it (`CallOutcomeNote`).
 */
export function useCallNext(departmentId: string, calledTo: string): { callNext: () => Promise<void>; busy: boolean; outcome: CallOutcome | null } {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<CallOutcome | null>(null);

  async function callNext() {
    const to = calledTo.trim();
    if (!to) {
      setOutcome({ kind: "error", text: "Enter your room or desk first." });
      return;
    }
    setBusy(true);
    const result = await callApi(`/api/queue/${departmentId}/call-next`, oneTicketSchema, { calledTo: to });
    setBusy(false);
    if (result.ok) setOutcome({ kind: "called", text: `Called ${result.data.ticket.code} (${patientName(result.data.ticket)}) to ${to}.` });
    else if (result.error.code === "QUEUE_EMPTY") setOutcome({ kind: "empty", text: "Nobody is waiting right now." });
    else setOutcome({ kind: "error", text: result.error.message });
  }

  return { callNext, busy, outcome };
}

export function CallNextButton({ label, busy, onCall }: { label: string; busy: boolean; onCall: () => void }) {
  return (
    <button type="button" className="call-next" disabled={busy} onClick={onCall}>
      {busy ? "Calling…" : label}
    </button>
  );
}

/** The last call's result: announced politely, an error assertively. */
export function CallOutcomeNote({ outcome }: { outcome: CallOutcome | null }) {
  return (
    <>
      <div role="status" className="call-outcome" data-testid="call-outcome">
        {outcome && outcome.kind !== "error" && <p className={outcome.kind === "empty" ? "notice" : "notice ok"}>{outcome.text}</p>}
      </div>
      {outcome?.kind === "error" && (
        <p className="error" role="alert">
          {outcome.text}
        </p>
      )}
    </>
  );
}
