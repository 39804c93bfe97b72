import { NextResponse } from "next/server";
import { findSlots } from "@/server/booking/find-slots";
import { route } from "@/server/http/route";
import { ROLES } from "@/server/roles";

/** Free slots: ?appointmentTypeId&clinicianId (omit for any)&from&to (local dates). Any signed-in user. */
export const GET = route({ roles: ROLES }, async ({ req, runtime, user }) => {
  const q = req.nextUrl.searchParams;
  const input = { appointmentTypeId: q.get("appointmentTypeId") ?? undefined, clinicianId: q.get("clinicianId") || undefined, from: q.get("from") ?? undefined, to: q.get("to") ?? undefined };
  return NextResponse.json({ data: await findSlots(runtime.db, user, input) });
});
