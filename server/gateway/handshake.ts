import type { IncomingMessage } from "node:http";
import { loadActiveUser } from "../auth/session-user.ts";
import { userIdFromSessionCookie } from "../auth/session-cookie.ts";
import type { Db } from "../db/client.ts";
import type { ClinicflowSocket } from "./contract.ts";

export interface HandshakeDeps {
  db: Db;
  authSecret: string;
  secureCookies: boolean;
}

class HandshakeError extends Error {
  data: { code: string; message: string };
  constructor(code: string, message: string) {
    super(code);
    this.data = { code, message };
  }
}

/** The socket's user comes from the same next-auth session cookie the pages use. */
export function authenticateHandshake(deps: HandshakeDeps) {
  return async (socket: ClinicflowSocket, next: (err?: Error) => void) => {
    try {
      const userId = await userIdFromSessionCookie(socket.request.headers.cookie, deps.authSecret, deps.secureCookies);
      if (!userId) return next(new HandshakeError("UNAUTHENTICATED", "Sign in to connect."));
      const user = await loadActiveUser(deps.db, userId);
      if (!user) return next(new HandshakeError("UNAUTHENTICATED", "Your session is no longer valid. Sign in again."));
      socket.data.user = user;
      next();
    } catch {
      next(new HandshakeError("UNAVAILABLE", "Could not check your session. Try again shortly."));
    }
  };
}

/**
 * Browsers send cookies with cross-site WebSocket handshakes; refuse any handshake whose
 * Origin is not this app's own, so another site cannot act with a user's session.
 */
export function sameOriginOnly(publicUrl: string | undefined) {
  const allowed = publicUrl ? new URL(publicUrl).host : null;
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const origin = req.headers.origin;
    if (!origin) return callback(null, true); // not a browser (server-to-server, tests)
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return callback("bad origin", false);
    }
    callback(null, originHost === req.headers.host || originHost === allowed);
  };
}
