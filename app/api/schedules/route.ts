import { NextResponse } from "next/server";
import { route } from "@/server/http/route";
import { STAFF_ROLES } from "@/server/roles";
import { getScheduleOverview } from "@/server/schedules/get-schedule-overview";

/** Everything the schedules page shows for one location (`?locationId=`; default the first, or a clinician's own). Staff. */
export const GET = route({ roles: STAFF_ROLES }, async ({ req, runtime, user }) => {
  const locationId = req.nextUrl.searchParams.get("locationId") ?? undefined;
  return NextResponse.json({ data: { overview: await getScheduleOverview(runtime.db, user, { locationId }) } });
});
