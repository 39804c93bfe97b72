const STATUS_LABELS: Record<string, string> = {
  HELD: "Held",
  BOOKED: "Booked",
  COMPLETED: "Completed",
  NO_SHOW: "No-show",
  CANCELLED: "Cancelled",
};

/** An appointment's status as a small label. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className="badge" data-status={status}>
      {STATUS_LABELS[status] ?? status.toLowerCase()}
    </span>
  );
}
