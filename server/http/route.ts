import { NextResponse, type NextRequest } from "next/server";
import { AppError, httpStatusFor, isAppError, toAppError } from "../errors.ts";
import type { Role, SessionUser } from "../roles.ts";
import { getRuntime, type ClinicflowRuntime } from "../runtime.ts";
import { CLIENT_IP_HEADER } from "./client-ip.ts";
import { currentUserFromCookies } from "./current-user.ts";

/**
 * One wrapper for every route handler: who may call it, the runtime it needs, and one
 * mapping of errors to JSON responses (`{ error: { code, message, details? } }`).
 */
export interface RouteContext<User> {
  req: NextRequest;
  user: User;
  runtime: ClinicflowRuntime;
  params: Record<string, string | string[]>;
  clientIp: string;
}

type Access = { roles: readonly Role[] } | { public: true };
type UserFor<A extends Access> = A extends { roles: readonly Role[] } ? SessionUser : SessionUser | null;
type NextContext = { params: Promise<Record<string, string | string[]>> };

export function route<A extends Access>(access: A, handler: (ctx: RouteContext<UserFor<A>>) => Promise<Response>) {
  return async (req: NextRequest, context: NextContext): Promise<Response> => {
    const runtime = getRuntime();
    try {
      const user = await currentUserFromCookies(req.headers.get("cookie"));
      if ("roles" in access) {
        if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
        if (!access.roles.includes(user.role)) throw new AppError("FORBIDDEN", "Your role may not do this.");
      }
      const params = context?.params ? await context.params : {};
      const clientIp = req.headers.get(CLIENT_IP_HEADER) ?? "unknown";
      return await handler({ req, user: user as UserFor<A>, runtime, params, clientIp });
    } catch (error) {
      const appError = toAppError(error);
      if (!isAppError(error)) {
        runtime.logger.error({ err: error, requestId: req.headers.get("x-request-id"), path: req.nextUrl.pathname }, "route handler failed");
      }
      const retryAfter = appError.code === "RATE_LIMITED" ? (appError.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds : undefined;
      return errorResponse(appError, retryAfter ? { "retry-after": String(retryAfter) } : undefined);
    }
  };
}

export function errorResponse(error: AppError, headers?: HeadersInit): NextResponse {
  return NextResponse.json(error.toBody(), { status: httpStatusFor(error.code), headers });
}

/** The JSON body of a request, or a 400 naming the problem. */
export async function readJson(req: NextRequest): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) {
    throw new AppError("VALIDATION_FAILED", "Send a JSON body with content-type application/json.", [
      { field: "(body)", problem: "must be JSON" },
    ]);
  }
  try {
    return await req.json();
  } catch {
    throw new AppError("VALIDATION_FAILED", "The request body is not valid JSON.", [{ field: "(body)", problem: "is not valid JSON" }]);
  }
}
