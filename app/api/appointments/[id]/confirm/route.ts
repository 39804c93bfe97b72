import { NextResponse } from "next/server";
import { confirmHold } from "@/server/booking/confirm-hold";
import { route } from "@/server/http/route";

/** The patient confirms their hold (or a waitlist offer). */
export const POST = route({ roles: ["PATIENT"] }, async ({ runtime, user, params }) =>
  NextResponse.json({ data: { appointment: await confirmHold(runtime.db, runtime.realtime, user, String(params.id)) } }),
);
