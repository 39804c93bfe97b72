import type { z } from "zod";
import { applyBoardEvent, applyPublicEvent, boardStateFrom, type BoardState } from "./queue-apply";
import { publicQueueSnapshotSchema, queueChangedSchema, queuePublicChangedSchema, queueSnapshotSchema, type PublicSnapshot } from "./queue-wire";
import { SequencedStream, type Sequenced, type StreamOutcome } from "./sequenced-stream";
import { readAck, type AckResult } from "./socket-ack";
import type { ClinicSocket } from "./use-clinic-socket";

/** A watch whose ack has not come by then is counted as lost, and asked again. */
const ACK_TIMEOUT_MS = 8_000;
const RETRY_AFTER_MS = 3_000;

export interface QueueStreamKind<S extends Sequenced & { departmentId: string }, E extends Sequenced & { departmentId: string }> {
  /** Joins the department's room and reads a snapshot (the watch's ack). */
  watch(socket: ClinicSocket, departmentId: string, answer: (result: AckResult<S>) => void): void;
  /** The room `watch` joins, left again when the page stops following the department. */
  room(departmentId: string): string;
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

export const BOARD: QueueStreamKind<BoardState, z.infer<typeof queueChangedSchema>> = {
  watch(socket, departmentId, answer) {
    socket.timeout(ACK_TIMEOUT_MS).emit("queue:watch", { departmentId }, (error, response) => {
      const read = readAck(queueSnapshotSchema, error, response);
      answer(read.ok ? { ok: true, data: boardStateFrom(read.data) } : read);
    });
  },
  room: (departmentId) => `queue:${departmentId}`,
  listen(socket, onEvent) {
    socket.on("queue:changed", onEvent);
    return () => void socket.off("queue:changed", onEvent);
  },
  readEvent: (raw) => queueChangedSchema.safeParse(raw).data ?? null,
  apply: applyBoardEvent,
  refreshMs: 60_000,
};

export const PUBLIC: QueueStreamKind<PublicSnapshot, z.infer<typeof queuePublicChangedSchema>> = {
  watch(socket, departmentId, answer) {
    socket.timeout(ACK_TIMEOUT_MS).emit("queue:watch-public", { departmentId }, (error, response) => answer(readAck(publicQueueSnapshotSchema, error, response)));
  },
  room: (departmentId) => `queue-public:${departmentId}`,
  listen(socket, onEvent) {
    socket.on("queue:public-changed", onEvent);
    return () => void socket.off("queue:public-changed", onEvent);
  },
  readEvent: (raw) => queuePublicChangedSchema.safeParse(raw).data ?? null,
  apply: applyPublicEvent,
  // A patient must not miss "Please go to Room 3" if an event was lost with nothing after it.
  refreshMs: 60_000,
};

export interface QueueFollower<S> {
  /** A new picture of the department's queue. */
  onSnapshot(snapshot: S): void;
  /** Why the queue could not be read (a message), or null once it could. */
  onProblem(problem: string | null): void;
}

/**
 * Follows one department's queue over a socket and keeps it never stale: watch on every
 * (re)connect and every `server:resync` and take the ack's fresh snapshot, apply each change
 * event whose seq is exactly the next, ignore the ones already seen, and re-read on a gap.
 * Returns the stop, which also leaves the department's room, so the socket stops receiving
 * its changes (on a page that switches departments, or that goes away).
 */
export function followQueue<S extends Sequenced & { departmentId: string }, E extends Sequenced & { departmentId: string }>(
  kind: QueueStreamKind<S, E>,
  socket: ClinicSocket,
  departmentId: string,
  seed: S | null,
  follower: QueueFollower<S>,
): () => void {
  const stream = new SequencedStream<S, E>(kind.apply, seed);
  let disposed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const follow = (outcome: StreamOutcome) => {
    if (outcome.changed && stream.snapshot) follower.onSnapshot(stream.snapshot);
    if (outcome.reread) reread();
  };
  function reread() {
    if (disposed || !socket.connected) return;
    stream.rereadSent();
    kind.watch(socket, departmentId, (answer) => {
      if (disposed) return;
      if (answer.ok) {
        follower.onProblem(null);
        follow(stream.snapshotArrived(answer.data));
        return;
      }
      stream.rereadFailed();
      follower.onProblem(answer.message);
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
    // Sent after any watch of this department, so the server leaves after joining. A socket that
    // is not connected has no rooms on the server: nothing to leave (and nothing to buffer).
    if (socket.connected) socket.emit("room:leave", { room: kind.room(departmentId) }, () => undefined);
  };
}
