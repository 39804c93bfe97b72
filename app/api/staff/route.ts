import { NextResponse } from "next/server";
import { route } from "@/server/http/route";
import { listStaff } from "@/server/messaging/staff-directory";
import { STAFF_ROLES } from "@/server/roles";

/** Every active staff member with presence (online, away, offline) and when last seen. Staff. */
export const GET = route({ roles: STAFF_ROLES }, async ({ runtime, user }) => NextResponse.json({ data: { staff: await listStaff(runtime.db, runtime.presence, user) } }));
