import { NextResponse } from "next/server";
import { loadAppointmentFor, toAppointmentView } from "@/server/booking/appointment-view";
import { route } from "@/server/http/route";
import { ROLES } from "@/server/roles";

/** One appointment: staff any, a patient only their own (anything else is 404). */
export const GET = route({ roles: ROLES }, async ({ runtime, user, params }) => {
  const row = await loadAppointmentFor(runtime.db, user, String(params.id));
  return NextResponse.json({ data: { appointment: toAppointmentView(row, user) } });
});
