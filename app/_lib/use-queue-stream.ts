"use client";

import { useEffect, useRef, useState } from "react";
import { BOARD, followQueue, PUBLIC, type QueueStreamKind } from "./follow-queue";
import type { BoardState } from "./queue-apply";
import type { PublicSnapshot } from "./queue-wire";
import type { Sequenced } from "./sequenced-stream";
import type { ClinicSocket } from "./use-clinic-socket";

export interface QueueStream<S> {
  /** The department's queue as of its latest change; null until the first snapshot. */
  snapshot: S | null;
  /** Why the live queue could not be read, if it could not. */
  problem: string | null;
}

/**
 * Follows one department's queue over the page's socket (followQueue), again whenever the
 * department changes; the one followed before is left.
 */
function useSequencedQueue<S extends Sequenced & { departmentId: string }, E extends Sequenced & { departmentId: string }>(
  kind: QueueStreamKind<S, E>,
  socket: ClinicSocket | null,
  departmentId: string | null,
  initial: S | null,
  onChange?: () => void,
): QueueStream<S> {
  const [snapshot, setSnapshot] = useState<S | null>(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef(initial);
  const latestOnChange = useRef(onChange);
  useEffect(() => {
    latestOnChange.current = onChange;
  });

  useEffect(() => {
    if (!socket || !departmentId) return;
    // The server-rendered snapshot starts the first stream only; later ones start empty.
    const seed = first.current?.departmentId === departmentId ? first.current : null;
    first.current = null;
    return followQueue(kind, socket, departmentId, seed, {
      onSnapshot(next) {
        setSnapshot(next);
        latestOnChange.current?.();
      },
      onProblem: setProblem,
    });
  }, [kind, socket, departmentId]);

  // A snapshot of the department shown before is not shown for the one chosen now.
  return { snapshot: snapshot && snapshot.departmentId === departmentId ? snapshot : null, problem };
}

/** A department's reception board (staff): `queue:watch` and `queue:changed`, with names. */
export function useQueueBoard(socket: ClinicSocket | null, departmentId: string, initial: BoardState | null): QueueStream<BoardState> {
  return useSequencedQueue(BOARD, socket, departmentId, initial);
}

/** A department's public stream (no names): `queue:watch-public` and `queue:public-changed`. `onChange` runs after every new picture. */
export function usePublicQueue(socket: ClinicSocket | null, departmentId: string | null, onChange?: () => void): QueueStream<PublicSnapshot> {
  return useSequencedQueue(PUBLIC, socket, departmentId, null, onChange);
}
