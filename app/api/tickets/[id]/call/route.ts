import { NextResponse } from "next/server";
import { readJson, route } from "@/server/http/route";
import { callTicket } from "@/server/queue/call-ticket";
import { STAFF_ROLES } from "@/server/roles";
import { queueDeps } from "@/server/runtime";

/** Call this waiting patient to { calledTo }. Staff. */
export const POST = route({ roles: STAFF_ROLES }, async ({ req, runtime, user, params }) =>
  NextResponse.json({ data: { ticket: await callTicket(queueDeps(runtime), user, String(params.id), await readJson(req)) } }),
);
