"use client";

import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/gateway/contract";

export type ClinicSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = "connecting" | "connected" | "offline";

/**
 * One Socket.IO connection per page, authenticated by the session cookie. WebSocket only,
 * so no sticky sessions are needed behind a load balancer. Reconnects on its own, also
 * when an instance drains on shutdown.
 */
export function useClinicSocket(): { socket: ClinicSocket | null; state: ConnectionState } {
  const [socket, setSocket] = useState<ClinicSocket | null>(null);
  const [state, setState] = useState<ConnectionState>("connecting");

  useEffect(() => {
    const s: ClinicSocket = io({ path: "/socket.io", transports: ["websocket"], withCredentials: true });
    s.on("connect", () => setState("connected"));
    s.on("disconnect", () => setState("offline"));
    s.on("connect_error", () => setState("offline"));
    setSocket(s);
    return () => {
      s.removeAllListeners();
      s.disconnect();
    };
  }, []);

  return { socket, state };
}

export const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  connected: "Live",
  offline: "Offline — reconnecting",
};
