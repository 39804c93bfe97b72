import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { authOptions } from "@/server/auth/next-auth-options";
import { rateLimitedError } from "@/server/auth/verify-credentials";
import { CLIENT_IP_HEADER } from "@/server/http/client-ip";
import { getRuntime } from "@/server/runtime";

type Context = { params: Promise<{ nextauth: string[] }> };

function nextAuth(req: NextRequest, context: Context): Promise<Response> {
  return NextAuth(authOptions())(req, context) as Promise<Response>;
}

export function GET(req: NextRequest, context: Context): Promise<Response> {
  return nextAuth(req, context);
}

/**
 * A sign-in from a blocked account or IP is answered 429 here, before next-auth runs.
 * The body keeps next-auth's `url` so its client reports `error=RATE_LIMITED`.
 */
export async function POST(req: NextRequest, context: Context): Promise<Response> {
  if (req.nextUrl.pathname.endsWith("/callback/credentials")) {
    const form = await req.clone().formData().catch(() => null);
    const email = String(form?.get("email") ?? "").trim().toLowerCase();
    const ip = req.headers.get(CLIENT_IP_HEADER) ?? "unknown";
    const verdict = await getRuntime().signInLimiter.check(email, ip);
    if (!verdict.allowed) {
      const runtime = getRuntime();
      runtime.metrics.signInFailures.inc({ reason: "RATE_LIMITED" });
      const error = rateLimitedError(verdict.retryAfterSeconds);
      const url = new URL("/sign-in", process.env.NEXTAUTH_URL ?? `http://${req.headers.get("host") ?? "localhost"}`);
      url.searchParams.set("error", "RATE_LIMITED");
      return NextResponse.json(
        { ...error.toBody(), url: url.toString() },
        { status: 429, headers: { "retry-after": String(verdict.retryAfterSeconds) } },
      );
    }
  }
  return nextAuth(req, context);
}
