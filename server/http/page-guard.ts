import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { Role, SessionUser } from "../roles.ts";
import { currentUserFromCookies } from "./current-user.ts";

async function cookieHeader(): Promise<string> {
  const jar = await cookies();
  return jar
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join("; ");
}

export async function currentPageUser(): Promise<SessionUser | null> {
  return currentUserFromCookies(await cookieHeader());
}

/**
 * Server-side guard for a page: not signed in → the sign-in page (coming back afterwards);
 * signed in with another role → 403 (app/forbidden.tsx).
 */
export async function requirePageUser(roles: readonly Role[], returnTo: string): Promise<SessionUser> {
  const user = await currentPageUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!roles.includes(user.role)) forbidden();
  return user;
}
