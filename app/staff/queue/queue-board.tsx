"use client";

import { formatMinutes } from "@/app/_components/queue/ticket-cells";
import { formatDay } from "@/app/_lib/clinic-time";
import type { BoardState } from "@/app/_lib/queue-apply";
import type { BoardSnapshot } from "@/app/_lib/queue-wire";
import { useNow } from "@/app/_lib/use-now";
import { NotArrivedList } from "./not-arrived-list";
import type { QueueDepartment } from "./queue-departments";
import { QueueHeader, useQueuePage } from "./queue-header";
import { FinishedTickets, TicketSection } from "./ticket-sections";
import { WalkInForm } from "./walk-in-form";

/** Where this browser's desk is remembered. */
const DESK_STORAGE_KEY = "clinicflow:queue-desk";

/**
 * The reception board: one department's queue today, live for every desk (use-queue-stream.ts):
 * waiting in policy order, called, in service, finished; today's appointments not yet here;
 * check-in of walk-ins; call next to this desk.
 */
export function QueueBoard({ departments, initial, renderedAt, canCheckIn }: { departments: QueueDepartment[]; initial: BoardSnapshot; renderedAt: number; canCheckIn: boolean }) {
  const page = useQueuePage(initial, DESK_STORAGE_KEY, "");
  const { snapshot, departmentId, place: desk } = page;
  const now = useNow(renderedAt, 15_000);
  const department = departments.find((d) => d.id === departmentId);
  const transferTargets = departments.filter((d) => d.id !== departmentId).map((d) => ({ id: d.id, name: d.name }));
  const inState = (state: string) => (snapshot?.tickets ?? []).filter((t) => t.state === state);
  const section = { now, desk, transferTargets };

  return (
    <div className="queue-page">
      <QueueHeader title="Reception queue" page={page} departments={departments} placeLabel="Your room or desk" placeholder="e.g. Desk 1" callLabel="Call next">
        {snapshot && <QueueSummary snapshot={snapshot} />}
      </QueueHeader>
      {!snapshot ? (
        <section className="card" aria-busy="true">
          <p className="muted">Loading {department?.name ?? "the queue"}…</p>
        </section>
      ) : (
        <>
          <TicketSection title="Waiting" variant="waiting" tickets={inState("WAITING")} {...section} snapshot={snapshot} empty="Nobody is waiting." />
          <TicketSection title="Called" variant="called" tickets={inState("CALLED")} {...section} snapshot={snapshot} empty="Nobody is called right now." />
          <TicketSection title="In service" variant="serving" tickets={inState("IN_SERVICE")} {...section} snapshot={snapshot} empty="Nobody is being seen." />
          <FinishedTickets snapshot={snapshot} />
          <NotArrivedList snapshot={snapshot} canCheckIn={canCheckIn} />
          {canCheckIn && <WalkInForm departmentId={snapshot.departmentId} departmentName={snapshot.departmentName} />}
        </>
      )}
    </div>
  );
}

function QueueSummary({ snapshot }: { snapshot: BoardState }) {
  const count = (state: string) => snapshot.counts[state] ?? 0;
  const figures: [string, string | number][] = [
    ["Today", formatDay(snapshot.serviceDate)],
    ["Waiting", count("WAITING")],
    ["Called", count("CALLED")],
    ["In service", count("IN_SERVICE")],
    ["Finished", count("DONE") + count("NO_SHOW") + count("CANCELLED") + count("TRANSFERRED")],
    ["Average wait", snapshot.averageWaitMinutes === null ? "—" : formatMinutes(snapshot.averageWaitMinutes)],
  ];
  return (
    <dl className="queue-summary" data-testid="queue-summary">
      {figures.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
