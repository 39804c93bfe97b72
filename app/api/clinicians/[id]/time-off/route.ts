import { NextResponse } from "next/server";
import { readJson, route } from "@/server/http/route";
import { STAFF_ROLES } from "@/server/roles";
import { addTimeOff } from "@/server/schedules/add-time-off";
import { listTimeOff } from "@/server/schedules/list-time-off";

/** Time off touching the local days `?from=…&to=…` (default today + 90 days). Admin and reception any; a clinician their own. */
export const GET = route({ roles: STAFF_ROLES }, async ({ req, runtime, user, params }) => {
  const listing = await listTimeOff(runtime.db, user, String(params.id), Object.fromEntries(req.nextUrl.searchParams));
  return NextResponse.json({ data: listing });
});

/** Adds time off; the answer lists BOOKED appointments inside it for reception to move. Admin and reception. */
export const POST = route({ roles: ["ADMIN", "RECEPTIONIST"] }, async ({ req, runtime, user, params }) => {
  const timeOff = await addTimeOff(runtime.db, runtime.realtime, user, String(params.id), await readJson(req));
  return NextResponse.json({ data: { timeOff } }, { status: 201 });
});
