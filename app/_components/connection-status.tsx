import { CONNECTION_LABELS, type ConnectionState } from "@/app/_lib/use-clinic-socket";

/** "Live" / "Connecting…" / "Offline — reconnecting" beside a live heading. */
export function ConnectionStatus({ state }: { state: ConnectionState }) {
  return (
    <span className="status" data-state={state} data-testid="connection-status">
      {CONNECTION_LABELS[state]}
    </span>
  );
}
