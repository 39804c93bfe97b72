import { NextResponse } from "next/server";
import { route } from "@/server/http/route";
import { checkInSelf } from "@/server/queue/check-in";
import { queueDeps } from "@/server/runtime";

/** The patient checks in for their own appointment today, inside the check-in window. 201 { ticketId, code }. */
export const POST = route({ roles: ["PATIENT"] }, async ({ runtime, user, params }) =>
  NextResponse.json({ data: await checkInSelf(queueDeps(runtime), user, String(params.id)) }, { status: 201 }),
);
