"use client";

import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/gateway/contract";

export type ClinicSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = "connecting" | "connected" | "offline";

/** After a refused handshake, connect again this much later. */
const HANDSHAKE_RETRY_MS = 3_000;

/**
 * One Socket.IO connection per page, authenticated by the session cookie. WebSocket only,
 * so no sticky sessions are needed behind a load balancer. Reconnects on its own, also
 * when an instance drains on shutdown.
 */
export function useClinicSocket(options: { presence?: boolean } = {}): { socket: ClinicSocket | null; state: ConnectionState } {
  // Created once per mounted page; connected while mounted (server render has no socket).
  // Only the connection that reports activity (the staff navigation's) counts towards presence.
  const [socket] = useState<ClinicSocket | null>(() =>
    typeof window === "undefined"
      ? null
      : io({ path: "/socket.io", transports: ["websocket"], withCredentials: true, autoConnect: false, auth: { presence: options.presence ?? false } }),
  );
  const [state, setState] = useState<ConnectionState>("connecting");

  useEffect(() => {
    if (!socket) return;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const onConnect = () => setState("connected");
    const onOffline = () => setState("offline");
    const onRefused = (error: Error & { data?: { code?: unknown } }) => {
      setState("offline");
      // Refused by the server because it could not check the session (UNAVAILABLE: the database
      // is away): Socket.IO does not retry a refusal on its own, so try again shortly.
      if (!socket.active && error.data?.code === "UNAVAILABLE") {
        clearTimeout(retry);
        retry = setTimeout(() => socket.connect(), HANDSHAKE_RETRY_MS);
      }
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onOffline);
    socket.on("connect_error", onRefused);
    socket.connect();
    return () => {
      clearTimeout(retry);
      socket.off("connect", onConnect);
      socket.off("disconnect", onOffline);
      socket.off("connect_error", onRefused);
      socket.disconnect();
    };
  }, [socket]);

  return { socket, state };
}

export const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  connected: "Live",
  offline: "Offline — reconnecting",
};
