"use client";

import { TicketActions } from "@/app/_components/queue/ticket-actions";
import { PatientCell, TicketCode, VisitCell, formatMinutes, minutesSince } from "@/app/_components/queue/ticket-cells";
import { formatTime } from "@/app/_lib/clinic-time";
import { ticketStateLabel, type BoardSnapshot } from "@/app/_lib/queue-wire";
import { useNow } from "@/app/_lib/use-now";
import type { QueueDepartment } from "../queue-departments";
import { QueueHeader, useQueuePage } from "../queue-header";

const ROOM_STORAGE_KEY = "clinicflow:my-room";

const sameRoom = (a: string | null, b: string) => a !== null && b.trim() !== "" && a.trim().toLowerCase() === b.trim().toLowerCase();

/** The patients called to this room and being seen there, live, with "Call next to <room>", Start and Finish. */
export function MyRoom({ departments, initial, renderedAt, defaultRoom }: { departments: QueueDepartment[]; initial: BoardSnapshot; renderedAt: number; defaultRoom: string }) {
  const page = useQueuePage(initial, ROOM_STORAGE_KEY, defaultRoom);
  const { snapshot } = page;
  const room = page.place.trim();
  const now = useNow(renderedAt, 15_000);
  const mine = (snapshot?.tickets ?? []).filter((t) => (t.state === "CALLED" || t.state === "IN_SERVICE") && sameRoom(t.calledTo, room));
  const waiting = snapshot?.counts.WAITING ?? 0;

  return (
    <div className="queue-page">
      <QueueHeader title="My room" page={page} departments={departments} placeLabel="Room" placeholder="e.g. Room 3" callLabel={room ? `Call next to ${room}` : "Call next"}>
        {snapshot && (
          <p className="muted" data-testid="waiting-count">
            {waiting === 0 ? "Nobody is waiting" : waiting === 1 ? "1 patient waiting" : `${waiting} patients waiting`} in {snapshot.departmentName}.
          </p>
        )}
      </QueueHeader>
      <section className="card" aria-labelledby="room-tickets-title">
        <h2 id="room-tickets-title">{room ? `In ${room}` : "Your room"}</h2>
        {!snapshot ? (
          <p className="muted">Loading…</p>
        ) : !room ? (
          <p className="muted">Enter your room above to see who is called to it.</p>
        ) : mine.length === 0 ? (
          <p className="muted">Nobody is called to {room} right now.</p>
        ) : (
          <ul className="plain room-tickets" data-testid="room-tickets">
            {mine.map((t) => (
              <li key={t.id} className="room-ticket" data-state={t.state} data-testid="room-ticket">
                <div>
                  <TicketCode ticket={t} /> <span className="badge">{ticketStateLabel(t.state)}</span>
                  <div className="muted small">
                    {t.state === "CALLED" && t.calledAt && `Called ${formatTime(t.calledAt, snapshot.timeZone)} (${t.callCount}×)`}
                    {t.state === "IN_SERVICE" && t.serviceStartedAt && `Since ${formatTime(t.serviceStartedAt, snapshot.timeZone)} (${formatMinutes(minutesSince(t.serviceStartedAt, now))})`}
                  </div>
                </div>
                <div>
                  <PatientCell ticket={t} />
                </div>
                <div>
                  <VisitCell ticket={t} timeZone={snapshot.timeZone} />
                </div>
                <div>
                  <TicketActions ticket={t} calledTo={room} transferTargets={[]} only={["start", "finish", "recall", "noShow"]} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
