import { NextResponse } from "next/server";
import { route } from "@/server/http/route";
import { getPublicQueueSnapshot } from "@/server/queue/queue-snapshot";
import { ROLES } from "@/server/roles";

/** A department's queue without names (codes, states, rooms) and its seq. Any signed-in user. */
export const GET = route({ roles: ROLES }, async ({ runtime, params }) => NextResponse.json({ data: await getPublicQueueSnapshot(runtime.db, String(params.departmentId)) }));
