import { NextResponse } from "next/server";
import { route } from "@/server/http/route";
import { getQueueSnapshot } from "@/server/queue/queue-snapshot";
import { STAFF_ROLES } from "@/server/roles";

/** A department's board: today's tickets in policy order with names, counts, not-yet-arrived appointments, and the seq it is valid at. Staff. */
export const GET = route({ roles: STAFF_ROLES }, async ({ runtime, params }) => NextResponse.json({ data: await getQueueSnapshot(runtime.db, String(params.departmentId)) }));
