import { NextResponse } from "next/server";
import { setAppointmentStatus } from "@/server/booking/set-appointment-status";
import { readJson, route } from "@/server/http/route";
import { STAFF_ROLES } from "@/server/roles";

/** Mark a started appointment COMPLETED or NO_SHOW. Staff. */
export const POST = route({ roles: STAFF_ROLES }, async ({ req, runtime, user, params }) =>
  NextResponse.json({ data: { appointment: await setAppointmentStatus(runtime.db, runtime.realtime, user, String(params.id), await readJson(req)) } }),
);
