import { NextResponse } from "next/server";
import { readJson, route } from "@/server/http/route";
import { STAFF_ROLES } from "@/server/roles";
import { getWeeklyAvailability } from "@/server/schedules/get-weekly-availability";
import { setWeeklyAvailability } from "@/server/schedules/set-weekly-availability";

/** A clinician's weekly pattern. Admin and reception any; a clinician their own. */
export const GET = route({ roles: STAFF_ROLES }, async ({ runtime, user, params }) =>
  NextResponse.json({ data: { availability: await getWeeklyAvailability(runtime.db, user, String(params.id)) } }),
);

/** Replaces the whole weekly pattern in one go. Admin and reception. */
export const PUT = route({ roles: ["ADMIN", "RECEPTIONIST"] }, async ({ req, runtime, user, params }) => {
  const availability = await setWeeklyAvailability(runtime.db, runtime.realtime, user, String(params.id), await readJson(req));
  return NextResponse.json({ data: { availability } });
});
