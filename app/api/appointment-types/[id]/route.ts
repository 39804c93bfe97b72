import { NextResponse } from "next/server";
import { readJson, route } from "@/server/http/route";
import { updateAppointmentType } from "@/server/schedules/update-appointment-type";

/** Rename, re-time, switch online booking, archive or un-archive a type. Admin and reception. */
export const PATCH = route({ roles: ["ADMIN", "RECEPTIONIST"] }, async ({ req, runtime, user, params }) => {
  const appointmentType = await updateAppointmentType(runtime.db, runtime.realtime, user, String(params.id), await readJson(req));
  return NextResponse.json({ data: { appointmentType } });
});
