import { NextResponse } from "next/server";
import { readJson, route } from "@/server/http/route";
import { STAFF_ROLES } from "@/server/roles";
import { getBookingPolicy } from "@/server/schedules/get-booking-policy";
import { updateBookingPolicy } from "@/server/schedules/update-booking-policy";

/** A location's booking policy. Staff. */
export const GET = route({ roles: STAFF_ROLES }, async ({ runtime, user, params }) =>
  NextResponse.json({ data: { policy: await getBookingPolicy(runtime.db, user, String(params.id)) } }),
);

/** Changes some policy fields. Admin only. */
export const PATCH = route({ roles: ["ADMIN"] }, async ({ req, runtime, user, params }) => {
  const policy = await updateBookingPolicy(runtime.db, runtime.realtime, user, String(params.id), await readJson(req));
  return NextResponse.json({ data: { policy } });
});
