import { encode } from "next-auth/jwt";
import { sessionCookieName } from "../../server/auth/session-cookie.ts";
import type { SessionUser } from "../../server/roles.ts";

export const TEST_AUTH_SECRET = "test-secret-test-secret-test-secret-0123456789";

/** A session cookie exactly as next-auth issues it, for sockets in tests that run without Next. */
export async function sessionCookieFor(user: SessionUser, secret = TEST_AUTH_SECRET, maxAge = 3600): Promise<string> {
  const token = await encode({ token: { sub: user.id, role: user.role, name: user.displayName }, secret, maxAge });
  return `${sessionCookieName(false)}=${token}`;
}

/** Signs in through the running app's real next-auth endpoints; returns the Cookie header to send. */
export async function signInOverHttp(baseUrl: string, email: string, password: string, headers: Record<string, string> = {}): Promise<{ status: number; cookie: string | null; body: unknown }> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  const csrfCookie = cookiesFrom(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, "x-auth-return-redirect": "1", ...headers },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const set = res.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
  const session = set.find((c) => c.startsWith(`${sessionCookieName(false)}=`) && c.length > sessionCookieName(false).length + 1);
  const body = await res.json().catch(() => null);
  return { status: res.status, cookie: session ?? null, body };
}

function cookiesFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** Signs each user in through the running app; the Cookie header to send, by key (usually the role). */
export async function signInEach<K extends string>(baseUrl: string, users: Record<K, { email: string; password: string }>): Promise<Record<K, string>> {
  const cookies = {} as Record<K, string>;
  for (const key of Object.keys(users) as K[]) {
    const result = await signInOverHttp(baseUrl, users[key].email, users[key].password);
    if (result.status !== 200 || !result.cookie) throw new Error(`sign-in as ${key} failed with ${result.status}`);
    cookies[key] = result.cookie;
  }
  return cookies;
}
