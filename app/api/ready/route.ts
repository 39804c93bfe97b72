import { NextResponse } from "next/server";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** Readiness: the database answers and, when configured, Redis answers; otherwise 503 with the reason. */
export async function GET(): Promise<NextResponse> {
  const report = await getRuntime().readiness();
  return NextResponse.json({ status: report.ready ? "ready" : "unavailable", checks: report.checks }, { status: report.ready ? 200 : 503 });
}
