"use client";

import { useEffect, useRef, useState } from "react";
import type { z } from "zod";
import { applyBoardEvent, applyPublicEvent, boardStateFrom, type BoardState } from "./queue-apply";
import { publicQueueSnapshotSchema, queueChangedSchema, queuePublicChangedSchema, queueSnapshotSchema, type PublicSnapshot } from "./queue-wire";
import { SequencedStream, type Sequenced, type StreamOutcome } from "./sequenced-stream";
import { readAck, type AckResult } from "./socket-ack";
import type { ClinicSocket } from "./use-clinic-socket";

/** A watch whose ack has not come by then is counted as lost, and asked again. */
const ACK_TIMEOUT_MS = 8_000;
const RETRY_AFTER_MS = 3_000;

interface QueueStreamKind<S extends Sequenced & { departmentId: string }, E extends Sequenced & { departmentId: string }> {
  /** Joins the department's room and reads a snapshot (the watch's ack). */
  watch(socket: ClinicSocket, departmentId: string, answer: (result: AckResult<S>) => void): void;
  /** Listens to the department's change events; returns the unsubscribe. */
  listen(socket: ClinicSocket, onEvent: (raw: unknown) => void): () => void;
  readEvent(raw: unknown): E | null;
  apply(snapshot: S, event: E): S | null;
  /**
   * Re-read this often even without a gap: for what events do not carry (an appointment booked
   * for today), and for an event lost after its commit with no later one to reveal the gap.
   */
  refreshMs: number;
}

const BOARD: QueueStreamKind<BoardState, z.infer<typeof queueChangedSchema>> = {
  watch(socket, departmentId, answer) {
    socket.timeout(ACK_TIMEOUT_MS).emit("queue:watch", { departmentId }, (error, response) => {
      const read = readAck(queueSnapshotSchema, error, response);
      answer(read.ok ? { ok: true, data: boardStateFrom(read.data) } : read);
    });
  },
  listen(socket, onEvent) {
    socket.on("queue:changed", onEvent);
    return () => void socket.off("queue:changed", onEvent);
  },
  readEvent: (raw) => queueChangedSchema.safeParse(raw).data ?? null,
  apply: applyBoardEvent,
  refreshMs: 60_000,
};

const PUBLIC: QueueStreamKind<PublicSnapshot, z.infer<typeof queuePublicChangedSchema>> = {
  watch(socket, departmentId, answer) {
    socket.timeout(ACK_TIMEOUT_MS).emit("queue:watch-public", { departmentId }, (error, response) => answer(readAck(publicQueueSnapshotSchema, error, response)));
  },
  listen(socket, onEvent) {
    socket.on("queue:public-changed", onEvent);
    return () => void socket.off("queue:public-changed", onEvent);
  },
  readEvent: (raw) => queuePublicChangedSchema.safeParse(raw).data ?? null,
  apply: applyPublicEvent,
  // A patient must not miss "Please go to Room 3" if an event was lost with nothing after it.
  refreshMs: 60_000,
};

export interface QueueStream<S> {
  /** The department's queue as of its latest change; null until the first snapshot. */
  snapshot: S | null;
  /** Why the live queue could not be read, if it could not. */
  problem: string | null;
}

/**
 * Follows one department's queue over the page's socket and keeps it never stale: watch on
 * every (re)connect and every `server:resync` and take the ack's fresh snapshot, apply each change event whose seq is
 * exactly the next, ignore the ones already seen, and re-read on a gap.
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
    const stream = new SequencedStream<S, E>(kind.apply, seed);
    let disposed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const follow = (outcome: StreamOutcome) => {
      if (outcome.changed) {
        setSnapshot(stream.snapshot);
        latestOnChange.current?.();
      }
      if (outcome.reread) reread();
    };
    function reread() {
      if (disposed || !socket?.connected || !departmentId) return;
      stream.rereadSent();
      kind.watch(socket, departmentId, (answer) => {
        if (disposed) return;
        if (answer.ok) {
          setProblem(null);
          follow(stream.snapshotArrived(answer.data));
          return;
        }
        stream.rereadFailed();
        setProblem(answer.message);
        if (answer.retry) {
          clearTimeout(retry);
          retry = setTimeout(reread, RETRY_AFTER_MS);
        }
      });
    }
    const onEvent = (raw: unknown) => {
      const event = kind.readEvent(raw);
      if (event && event.departmentId === departmentId) follow(stream.eventArrived(event));
    };

    const unlisten = kind.listen(socket, onEvent);
    socket.on("connect", reread);
    // The server's Redis came back: changes made on other instances meanwhile may never arrive.
    socket.on("server:resync", reread);
    if (socket.connected) reread();
    const refresh = setInterval(reread, kind.refreshMs);
    return () => {
      disposed = true;
      clearTimeout(retry);
      clearInterval(refresh);
      unlisten();
      socket.off("connect", reread);
      socket.off("server:resync", reread);
    };
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
