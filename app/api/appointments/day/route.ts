import { NextResponse } from "next/server";
import { listClinicianDay } from "@/server/booking/list-appointments";
import { route } from "@/server/http/route";
import { STAFF_ROLES } from "@/server/roles";

/** One clinician's local day: ?clinicianId&date. Staff. */
export const GET = route({ roles: STAFF_ROLES }, async ({ req, runtime, user }) => {
  const q = req.nextUrl.searchParams;
  return NextResponse.json({ data: await listClinicianDay(runtime.db, user, { clinicianId: q.get("clinicianId") ?? undefined, date: q.get("date") ?? undefined }) });
});
