import { NextResponse } from "next/server";
import { listBookingOptions } from "@/server/booking/list-booking-options";
import { route } from "@/server/http/route";
import { ROLES } from "@/server/roles";

/** Departments with their bookable appointment types and clinicians. Any signed-in user. */
export const GET = route({ roles: ROLES }, async ({ runtime, user }) => NextResponse.json({ data: await listBookingOptions(runtime.db, user) }));
