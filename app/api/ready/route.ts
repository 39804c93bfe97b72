import { NextResponse } from "next/server";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/**
 * Readiness: 200 "ready" when the database (and Redis, when configured) answers; 200
 * "degraded" when only Redis is away (this instance still serves; see decision 008); 503
 * "unavailable" when the database is away or the instance is draining. Checks name the reason.
 */
export async function GET(): Promise<NextResponse> {
  const report = await getRuntime().readiness();
  const status = !report.ready ? "unavailable" : report.degraded ? "degraded" : "ready";
  return NextResponse.json({ status, checks: report.checks }, { status: report.ready ? 200 : 503 });
}
