"use client";

import { useId, useState } from "react";
import { ConnectionStatus } from "@/app/_components/connection-status";
import { CallNextButton, CallOutcomeNote, useCallNext } from "@/app/_components/queue/call-next-button";
import { query } from "@/app/_lib/api-client";
import { boardStateFrom, type BoardState } from "@/app/_lib/queue-apply";
import type { BoardSnapshot } from "@/app/_lib/queue-wire";
import { useClinicSocket, type ConnectionState } from "@/app/_lib/use-clinic-socket";
import { useQueueBoard } from "@/app/_lib/use-queue-stream";
import { useStoredValue } from "@/app/_lib/use-stored-value";
import type { QueueDepartment } from "./queue-departments";

/** What the board and "My room" share: the chosen department (kept in the address), its live queue, and where this desk calls patients to (remembered by the browser). */
export interface QueuePage {
  state: ConnectionState;
  departmentId: string;
  choose: (departmentId: string) => void;
  snapshot: BoardState | null;
  problem: string | null;
  /** The room or desk "Call next" sends patients to. */
  place: string;
  setPlace: (place: string) => void;
  calling: ReturnType<typeof useCallNext>;
}

export function useQueuePage(initial: BoardSnapshot, placeStorageKey: string, defaultPlace: string): QueuePage {
  const { socket, state } = useClinicSocket();
  const [departmentId, setDepartmentId] = useState(initial.departmentId);
  const [first] = useState<BoardState>(() => boardStateFrom(initial));
  const { snapshot, problem } = useQueueBoard(socket, departmentId, first);
  const [storedPlace, setPlace] = useStoredValue(placeStorageKey);
  const place = storedPlace ?? defaultPlace;
  const calling = useCallNext(departmentId, place);

  function choose(id: string) {
    setDepartmentId(id);
    window.history.replaceState(null, "", `?${query({ departmentId: id })}`);
  }

  return { state, departmentId, choose, snapshot, problem, place, setPlace, calling };
}

/** The page's heading with the connection state, the department, the room or desk, and "Call next". */
export function QueueHeader({
  title,
  page,
  departments,
  placeLabel,
  placeholder,
  callLabel,
  children,
}: {
  title: string;
  page: QueuePage;
  departments: QueueDepartment[];
  placeLabel: string;
  placeholder: string;
  callLabel: string;
  children?: React.ReactNode;
}) {
  const id = useId();
  const manyLocations = new Set(departments.map((d) => d.locationName)).size > 1;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="picker-head">
        <h1 id={`${id}-title`}>{title}</h1>
        <ConnectionStatus state={page.state} />
      </div>
      <div className="toolbar">
        <div>
          <label htmlFor={`${id}-department`}>Department</label>
          <select id={`${id}-department`} value={page.departmentId} onChange={(e) => page.choose(e.target.value)}>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {manyLocations ? `${d.name} (${d.locationName})` : d.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-place`}>{placeLabel}</label>
          <input id={`${id}-place`} value={page.place} maxLength={40} placeholder={placeholder} autoComplete="off" onChange={(e) => page.setPlace(e.target.value)} />
        </div>
        <div className="call-next-cell">
          <CallNextButton label={callLabel} busy={page.calling.busy} onCall={() => void page.calling.callNext()} />
        </div>
      </div>
      <CallOutcomeNote outcome={page.calling.outcome} />
      {page.problem && (
        <p className="error" role="alert">
          {page.problem}
        </p>
      )}
      {children}
    </section>
  );
}
