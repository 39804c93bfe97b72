import { NextResponse } from "next/server";
import { readJson, route } from "@/server/http/route";
import { updateClinicianSettings } from "@/server/schedules/update-clinician-settings";

/** A clinician's buffer, room and title. Admin and reception. */
export const PATCH = route({ roles: ["ADMIN", "RECEPTIONIST"] }, async ({ req, runtime, user, params }) => {
  const clinician = await updateClinicianSettings(runtime.db, runtime.realtime, user, String(params.id), await readJson(req));
  return NextResponse.json({ data: { clinician } });
});
