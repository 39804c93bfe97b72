import { parse as parseCookies } from "cookie";
import { decode } from "next-auth/jwt";

/**
 * next-auth's session cookie. `__Secure-` when the app is served over HTTPS. Large tokens
 * are split into `.0`, `.1`, … chunks, which are joined back here.
 */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? "__Secure-" : ""}next-auth.session-token`;
}

export function readSessionToken(cookieHeader: string | undefined, secure: boolean): string | null {
  if (!cookieHeader) return null;
  const cookies = parseCookies(cookieHeader);
  const name = sessionCookieName(secure);
  const whole = cookies[name];
  if (whole) return whole;
  const chunks: string[] = [];
  for (let i = 0; cookies[`${name}.${i}`] !== undefined; i++) chunks.push(cookies[`${name}.${i}`] ?? "");
  return chunks.length ? chunks.join("") : null;
}

/** The user id inside a valid, unexpired session token; null for anything else. */
export async function userIdFromSessionCookie(cookieHeader: string | undefined, secret: string, secure: boolean): Promise<string | null> {
  const token = readSessionToken(cookieHeader, secure);
  if (!token) return null;
  try {
    const payload = await decode({ token, secret });
    return typeof payload?.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}
