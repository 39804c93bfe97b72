import { NextResponse } from "next/server";
import { readJson, route } from "@/server/http/route";
import { changeTicket } from "@/server/queue/change-ticket";
import { STAFF_ROLES } from "@/server/roles";
import { queueDeps } from "@/server/runtime";

/** { action: recall | start | finish | noShow | requeue | cancel | transfer (+ departmentId) }. 409 INVALID_TRANSITION when it makes no sense. Staff. */
export const POST = route({ roles: STAFF_ROLES }, async ({ req, runtime, user, params }) =>
  NextResponse.json({ data: { ticket: await changeTicket(queueDeps(runtime), user, String(params.id), await readJson(req)) } }),
);
