"use client";

import { useEffect } from "react";
import type { ClinicSocket } from "../use-clinic-socket";

/** No keyboard, pointer or scroll activity for this long counts as away. */
export const IDLE_AFTER_MS = 5 * 60_000;
const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart", "focus"] as const;
const ACK_TIMEOUT_MS = 5_000;
/** How often idleness is checked. */
const CHECK_EVERY_MS = 15_000;

/**
 * Tells the server whether this person is at the screen: "away" while the tab is hidden or
 * nothing happened for five minutes, "online" otherwise. Sent on every (re)connect and on
 * every change; the server keeps "offline" for when the last connection closes.
 */
export function usePresenceReporting(socket: ClinicSocket | null): void {
  useEffect(() => {
    if (!socket) return;
    let lastActivity = Date.now();
    let reported: "online" | "away" | null = null;

    const current = (): "online" | "away" => (document.visibilityState === "hidden" || Date.now() - lastActivity >= IDLE_AFTER_MS ? "away" : "online");
    const report = (force = false) => {
      const status = current();
      if (!socket.connected || (!force && status === reported)) return;
      reported = status;
      // The answer only confirms; a lost one is repeated by the next change or reconnect.
      socket.timeout(ACK_TIMEOUT_MS).emit("presence:set", { status }, () => {});
    };
    const onActivity = () => {
      lastActivity = Date.now();
      if (reported === "away") report();
    };
    const onVisibility = () => report();
    const onConnect = () => report(true);

    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true });
    document.addEventListener("visibilitychange", onVisibility);
    socket.on("connect", onConnect);
    if (socket.connected) report(true);
    const idleCheck = setInterval(() => report(), CHECK_EVERY_MS);
    return () => {
      clearInterval(idleCheck);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity);
      document.removeEventListener("visibilitychange", onVisibility);
      socket.off("connect", onConnect);
    };
  }, [socket]);
}
