import { NextResponse } from "next/server";
import { readJson, route } from "@/server/http/route";
import { callNext } from "@/server/queue/call-ticket";
import { STAFF_ROLES } from "@/server/roles";
import { queueDeps } from "@/server/runtime";

/** Call the next patient in policy order to { calledTo }. 409 QUEUE_EMPTY when nobody waits. Staff. */
export const POST = route({ roles: STAFF_ROLES }, async ({ req, runtime, user, params }) =>
  NextResponse.json({ data: { ticket: await callNext(queueDeps(runtime), user, String(params.departmentId), await readJson(req)) } }),
);
