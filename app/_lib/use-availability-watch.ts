"use client";

import { useEffect, useRef } from "react";
import type { AvailabilityChange, WatchPayload } from "@/server/gateway/contract";
import type { ClinicSocket } from "./use-clinic-socket";

/** Changes often come in bursts (a hold released and another taken): one re-read for them all. */
const REREAD_DELAY_MS = 150;
const WATCH_ACK_TIMEOUT_MS = 3_000;

/**
 * Keeps the socket watching these days (`availability:watch`) and calls `reread` whenever
 * what the page shows may be stale:
 * - after every watch is in place (connect, reconnect, or a new `watch`): watching first and
 *   reading second means no change between the two is missed;
 * - shortly after `availability:changed` for a watched date.
 * `reread(true)` means the socket reconnected, so anything shown may be stale, watched or not.
 */
export function useAvailabilityWatch(socket: ClinicSocket | null, watch: WatchPayload | null, reread: (reconnected: boolean) => void): void {
  const latest = useRef({ watch, reread });
  useEffect(() => {
    latest.current = { watch, reread };
  });
  const watchKey = watch ? JSON.stringify(watch) : "";

  useEffect(() => {
    if (!socket) return;
    let connects = socket.connected ? 1 : 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watchThenRead = (reconnected: boolean) => {
      const current = latest.current.watch;
      if (!current) {
        if (reconnected) latest.current.reread(true);
        return;
      }
      // Read even when the ack times out: the page must not wait on the socket.
      socket.timeout(WATCH_ACK_TIMEOUT_MS).emit("availability:watch", current, () => latest.current.reread(reconnected));
    };
    const onConnect = () => watchThenRead(++connects > 1);
    const onChanged = (change: AvailabilityChange) => {
      if (!latest.current.watch?.dates.includes(change.date)) return;
      clearTimeout(timer);
      timer = setTimeout(() => latest.current.reread(false), REREAD_DELAY_MS);
    };
    socket.on("connect", onConnect);
    socket.on("availability:changed", onChanged);
    if (socket.connected) watchThenRead(false);
    return () => {
      clearTimeout(timer);
      socket.off("connect", onConnect);
      socket.off("availability:changed", onChanged);
    };
  }, [socket, watchKey]);
}
