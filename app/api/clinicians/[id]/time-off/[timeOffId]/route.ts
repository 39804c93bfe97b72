import { NextResponse } from "next/server";
import { route } from "@/server/http/route";
import { removeTimeOff } from "@/server/schedules/remove-time-off";

/** Removes one time off of this clinician. Admin and reception. */
export const DELETE = route({ roles: ["ADMIN", "RECEPTIONIST"] }, async ({ runtime, user, params }) => {
  const removed = await removeTimeOff(runtime.db, runtime.realtime, user, String(params.id), String(params.timeOffId));
  return NextResponse.json({ data: { removed } });
});
