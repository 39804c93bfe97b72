"use client";

import { useId, useState, type FormEvent } from "react";
import { callApi } from "@/app/_lib/api-client";
import { oneTicketSchema, type TicketView } from "@/app/_lib/queue-wire";
import { TRANSITIONS, type TicketAction } from "@/server/queue/transitions";

export interface TransferTarget {
  id: string;
  name: string;
}

const LABELS: Record<Exclude<TicketAction, "call" | "transfer">, string> = {
  recall: "Recall",
  start: "Start",
  finish: "Finish",
  noShow: "No-show",
  requeue: "Requeue",
  cancel: "Cancel",
};

/** The order buttons appear in: the usual next step first. */
const ORDER: TicketAction[] = ["call", "start", "finish", "recall", "noShow", "requeue", "cancel", "transfer"];

/** canTransition() for a state read from the wire, which may be one this page does not know. */
function allowed(action: TicketAction, state: string): boolean {
  return (TRANSITIONS[action].from as readonly string[]).includes(state);
}

/**
 * What a desk may do with one ticket, by its state (server/queue/transitions.ts decides which
 * moves exist): call it to this desk, recall, start, finish, no-show, requeue, cancel (asks
 * first) and transfer to another department. The board changes live once the server has it;
 * a refused move (INVALID_TRANSITION, e.g. another desk was quicker) shows the server's reason.
 */
export function TicketActions({
  ticket,
  calledTo,
  transferTargets,
  only,
}: {
  ticket: Pick<TicketView, "id" | "code" | "state">;
  /** The room or desk "Call" sends the patient to; empty until the desk is entered. */
  calledTo: string;
  transferTargets: TransferTarget[];
  /** Limit the buttons, e.g. the clinician's own room page. */
  only?: TicketAction[];
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [panel, setPanel] = useState<"cancel" | "transfer" | null>(null);
  const actions = ORDER.filter((a) => allowed(a, ticket.state) && (!only || only.includes(a)) && (a !== "transfer" || transferTargets.length > 0));

  async function send(path: "call" | "transition", body: Record<string, string>) {
    setBusy(true);
    setError(null);
    const result = await callApi(`/api/tickets/${ticket.id}/${path}`, oneTicketSchema, body);
    setBusy(false);
    if (result.ok) setPanel(null);
    else setError(result.error.message);
  }

  function act(action: TicketAction) {
    if (action === "cancel" || action === "transfer") {
      setPanel(action);
      return;
    }
    if (action === "call") {
      if (!calledTo.trim()) {
        setError("Enter your room or desk above first.");
        return;
      }
      void send("call", { calledTo: calledTo.trim() });
      return;
    }
    void send("transition", { action });
  }

  if (actions.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {panel === null && (
        <div className="actions tight">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className={action === actions[0] ? undefined : "secondary"}
              disabled={busy}
              onClick={() => act(action)}
              aria-label={action === "call" ? `Call ${ticket.code} to ${calledTo.trim() || "your desk"}` : `${action === "transfer" ? "Transfer" : LABELS[action]} ${ticket.code}`}
            >
              {action === "call" ? "Call to desk" : action === "transfer" ? "Transfer…" : LABELS[action]}
            </button>
          ))}
        </div>
      )}
      {panel === "cancel" && (
        <div className="actions tight" role="group" aria-label={`Cancel ${ticket.code}?`}>
          <span>Cancel {ticket.code}?</span>
          <button type="button" className="danger" disabled={busy} onClick={() => void send("transition", { action: "cancel" })}>
            Yes, cancel
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => setPanel(null)}>
            Keep
          </button>
        </div>
      )}
      {panel === "transfer" && <TransferForm code={ticket.code} targets={transferTargets} busy={busy} onTransfer={(body) => void send("transition", { action: "transfer", ...body })} onClose={() => setPanel(null)} />}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function TransferForm({ code, targets, busy, onTransfer, onClose }: { code: string; targets: TransferTarget[]; busy: boolean; onTransfer: (body: { departmentId: string; reason?: string }) => void; onClose: () => void }) {
  const id = useId();
  const [departmentId, setDepartmentId] = useState(targets[0]?.id ?? "");
  const [reason, setReason] = useState("");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onTransfer(reason.trim() ? { departmentId, reason: reason.trim() } : { departmentId });
  }

  return (
    <form className="transfer-form" onSubmit={onSubmit} aria-label={`Transfer ${code}`}>
      <label htmlFor={`${id}-department`}>Transfer {code} to</label>
      <select id={`${id}-department`} value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
        {targets.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-reason`}>Reason (optional)</label>
      <input id={`${id}-reason`} value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
      <p className="actions tight">
        <button type="submit" disabled={busy}>
          Transfer
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Back
        </button>
      </p>
    </form>
  );
}
