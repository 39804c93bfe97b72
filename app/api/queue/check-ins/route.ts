import { NextResponse } from "next/server";
import { readJson, route } from "@/server/http/route";
import { checkInByStaff } from "@/server/queue/check-in";
import { queueDeps } from "@/server/runtime";

/** Reception checks in today's appointment ({ appointmentId }) or a walk-in ({ departmentId, patientId }), with reason and priority. */
export const POST = route({ roles: ["ADMIN", "RECEPTIONIST"] }, async ({ req, runtime, user }) => {
  const ticket = await checkInByStaff(queueDeps(runtime), user, await readJson(req));
  return NextResponse.json({ data: { ticket } }, { status: 201 });
});
