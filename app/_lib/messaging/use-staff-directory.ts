"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { callApi } from "../api-client";
import type { ClinicSocket } from "../use-clinic-socket";
import { presenceChangeSchema, staffListSchema, type Colleague, type Presence } from "./wire";

export interface StaffDirectory {
  /** Every active staff member with live presence; null until read. */
  people: Colleague[] | null;
  problem: string | null;
  /** Read the directory (the first page that needs it asks); it is then kept live and re-read on reconnect. */
  load: () => void;
}

function withPresence(people: Colleague[], change: Presence): Colleague[] {
  return people.map((p) => (p.id === change.userId ? { ...p, status: change.status, lastSeenAt: change.lastSeenAt ?? p.lastSeenAt } : p));
}

/** GET /api/staff, then `presence:changed` for everyone's online / away / offline. */
export function useStaffDirectory(socket: ClinicSocket | null): StaffDirectory {
  const [people, setPeople] = useState<Colleague[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const wanted = useRef(false);
  const changesDuringRead = useRef<Presence[] | null>(null);

  const read = useCallback(async () => {
    changesDuringRead.current = [];
    const answer = await callApi("/api/staff", staffListSchema);
    const changes = changesDuringRead.current ?? [];
    changesDuringRead.current = null;
    if (!answer.ok) {
      setProblem(answer.error.message);
      return;
    }
    setProblem(null);
    setPeople(changes.reduce(withPresence, answer.data.staff));
  }, []);

  const load = useCallback(() => {
    if (wanted.current) return;
    wanted.current = true;
    void read();
  }, [read]);

  useEffect(() => {
    if (!socket) return;
    const onConnect = () => {
      if (wanted.current) void read();
    };
    const onPresence = (raw: unknown) => {
      const change = presenceChangeSchema.safeParse(raw).data;
      if (!change) return;
      changesDuringRead.current?.push(change);
      setPeople((current) => (current ? withPresence(current, change) : current));
    };
    socket.on("connect", onConnect);
    socket.on("presence:changed", onPresence);
    return () => {
      socket.off("connect", onConnect);
      socket.off("presence:changed", onPresence);
    };
  }, [socket, read]);

  return useMemo(() => ({ people, problem, load }), [people, problem, load]);
}
