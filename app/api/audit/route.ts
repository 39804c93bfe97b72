import { NextResponse } from "next/server";
import { route } from "@/server/http/route";
import { listAuditEvents } from "@/server/patients/audit-log";

/** The audit log, newest first: `?patientId&actorId&action&before&limit`. Admins only. */
export const GET = route({ roles: ["ADMIN"] }, async ({ req, runtime, user }) => {
  const page = await listAuditEvents(runtime.db, user, Object.fromEntries(req.nextUrl.searchParams));
  return NextResponse.json({ data: page });
});
