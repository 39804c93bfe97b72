import { NextResponse } from "next/server";
import { readJson, route } from "@/server/http/route";
import { createAppointmentType } from "@/server/schedules/create-appointment-type";

/** A new appointment type in a department. Admin and reception. */
export const POST = route({ roles: ["ADMIN", "RECEPTIONIST"] }, async ({ req, runtime, user }) => {
  const appointmentType = await createAppointmentType(runtime.db, user, await readJson(req));
  return NextResponse.json({ data: { appointmentType } }, { status: 201 });
});
