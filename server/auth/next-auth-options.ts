import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { isAppError } from "../errors.ts";
import { CLIENT_IP_HEADER } from "../http/client-ip.ts";
import { getRuntime } from "../runtime.ts";
import { verifyCredentials } from "./verify-credentials.ts";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60; // one working day

/**
 * next-auth: email + password, JWT session in an httpOnly, SameSite=Lax cookie
 * (`__Secure-` and Secure when PUBLIC_URL is https). The token carries only the user id
 * and role; every request re-checks the user in the database (server/auth/session-user.ts).
 */
export function authOptions(): NextAuthOptions {
  const runtime = getRuntime();
  return {
    secret: runtime.authSecret,
    useSecureCookies: runtime.secureCookies,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          try {
            const user = await verifyCredentials(runtime.db, runtime.signInLimiter, credentials, headers[CLIENT_IP_HEADER] ?? "unknown");
            return { id: user.id, name: user.displayName, role: user.role };
          } catch (error) {
            if (isAppError(error)) {
              runtime.metrics.signInFailures.inc({ reason: error.code });
              // next-auth turns a thrown message into `?error=<message>`; null into CredentialsSignin.
              if (error.code === "RATE_LIMITED") throw new Error("RATE_LIMITED");
              return null;
            }
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.role = (user as { role?: string }).role;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, role: token.role } };
      },
    },
    logger: {
      error: (code, metadata) => runtime.logger.warn({ code, metadata: metadata instanceof Error ? metadata.message : undefined }, "next-auth"),
      warn: (code) => runtime.logger.warn({ code }, "next-auth"),
      debug: () => undefined,
    },
  };
}
