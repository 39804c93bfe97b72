"use client";

import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { z } from "zod";
import { applyPublicEvent } from "@/app/_lib/queue-apply";
import { publicQueueSnapshotSchema, queuePublicChangedSchema, type DisplayBoardData, type PublicEvent, type PublicSnapshot } from "@/app/_lib/queue-wire";
import { SequencedStream, type StreamOutcome } from "@/app/_lib/sequenced-stream";
import { readAck } from "@/app/_lib/socket-ack";

/** The `/display` namespace's small contract (server/gateway/display-namespace.ts), as the display sends it. */
interface DisplayServerEvents {
  "queue:public-changed": (event: unknown) => void;
  /** The instance's Redis came back after an outage: re-read, events from other instances may be lost. */
  "server:resync": () => void;
}
interface DisplayClientEvents {
  "display:snapshot": (ack: (response: unknown) => void) => void;
}
type DisplaySocket = Socket<DisplayServerEvents, DisplayClientEvents>;

export type DisplayConnection = "connecting" | "connected" | "reconnecting";

const ACK_TIMEOUT_MS = 8_000;
const RETRY_AFTER_MS = 5_000;
/** Re-read now and then although no gap showed: a new day starts without an event, and a lost last event shows no gap. */
const REFRESH_MS = 60_000;
const snapshotsSchema = z.array(publicQueueSnapshotSchema);

/**
 * The waiting-room display's live picture of every department of its location. It connects
 * without a session to the `/display` namespace with its key, reconnects forever, re-reads all
 * snapshots on every (re)connect and whenever a department's seq shows a gap, and otherwise
 * applies each department's public events in order (sequenced-stream.ts).
 */
export function useDisplayStream(displayKey: string, initial: DisplayBoardData): { departments: PublicSnapshot[]; connection: DisplayConnection } {
  const [departments, setDepartments] = useState(initial.departments);
  const [connection, setConnection] = useState<DisplayConnection>("connecting");
  const first = useRef(initial.departments);

  useEffect(() => {
    const socket: DisplaySocket = io("/display", {
      auth: { displayKey },
      transports: ["websocket"],
      reconnection: true,
      reconnectionAttempts: Infinity,
      reconnectionDelayMax: 10_000,
    });
    let order = first.current.map((d) => d.departmentId);
    const streams = new Map(first.current.map((d) => [d.departmentId, new SequencedStream<PublicSnapshot, PublicEvent>(applyPublicEvent, d)]));
    let retry: ReturnType<typeof setTimeout> | undefined;
    let disposed = false;

    const show = () => setDepartments(order.flatMap((id) => streams.get(id)?.snapshot ?? []));
    const follow = (outcomes: StreamOutcome[]) => {
      if (outcomes.some((o) => o.changed)) show();
      if (outcomes.some((o) => o.reread)) reread();
    };
    const later = (run: () => void) => {
      clearTimeout(retry);
      retry = setTimeout(run, RETRY_AFTER_MS);
    };

    function reread() {
      if (disposed || !socket.connected) return;
      for (const stream of streams.values()) stream.rereadSent();
      socket.timeout(ACK_TIMEOUT_MS).emit("display:snapshot", (error: unknown, response: unknown) => {
        if (disposed) return;
        const answer = readAck(snapshotsSchema, error, response);
        if (!answer.ok) {
          for (const stream of streams.values()) stream.rereadFailed();
          if (answer.retry) later(reread);
          return;
        }
        // The location's departments as they are now (one may have been added or removed).
        order = answer.data.map((d) => d.departmentId);
        for (const id of [...streams.keys()]) if (!order.includes(id)) streams.delete(id);
        const outcomes = answer.data.map((snapshot) => {
          let stream = streams.get(snapshot.departmentId);
          if (!stream) streams.set(snapshot.departmentId, (stream = new SequencedStream<PublicSnapshot, PublicEvent>(applyPublicEvent)));
          return stream.snapshotArrived(snapshot);
        });
        show();
        follow(outcomes);
      });
    }

    socket.on("queue:public-changed", (raw) => {
      const event = queuePublicChangedSchema.safeParse(raw).data;
      if (!event) return;
      const stream = streams.get(event.departmentId);
      if (stream) follow([stream.eventArrived(event)]);
      else reread(); // a department this display does not know yet
    });
    socket.on("connect", () => {
      setConnection("connected");
      reread();
    });
    socket.on("server:resync", () => reread());
    socket.on("disconnect", () => setConnection("reconnecting"));
    socket.on("connect_error", () => {
      setConnection("reconnecting");
      // Refused by the server (e.g. it could not check the key): Socket.IO does not retry that on its own.
      if (!socket.active) later(() => socket.connect());
    });
    const refresh = setInterval(reread, REFRESH_MS);

    return () => {
      disposed = true;
      clearTimeout(retry);
      clearInterval(refresh);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [displayKey]);

  return { departments, connection };
}
