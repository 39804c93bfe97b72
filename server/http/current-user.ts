import { loadActiveUser } from "../auth/session-user.ts";
import { userIdFromSessionCookie } from "../auth/session-cookie.ts";
import type { SessionUser } from "../roles.ts";
import { getRuntime } from "../runtime.ts";

/**
 * The signed-in user behind a request's cookies, or null. Pages, route handlers and the
 * Socket.IO handshake all decide "who is this" the same way: the next-auth session cookie,
 * checked against the database.
 */
export async function currentUserFromCookies(cookieHeader: string | null | undefined): Promise<SessionUser | null> {
  const runtime = getRuntime();
  const userId = await userIdFromSessionCookie(cookieHeader ?? undefined, runtime.authSecret, runtime.secureCookies);
  return userId ? loadActiveUser(runtime.db, userId) : null;
}
