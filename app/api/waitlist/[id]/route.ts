import { NextResponse } from "next/server";
import { route } from "@/server/http/route";
import { leaveWaitlist } from "@/server/waitlist/leave-waitlist";

/** Leave the waitlist: a patient their own entry, reception/admin any. An offered slot is released. */
export const DELETE = route({ roles: ["ADMIN", "RECEPTIONIST", "PATIENT"] }, async ({ runtime, user, params }) =>
  NextResponse.json({ data: { entry: await leaveWaitlist(runtime.db, runtime.realtime, user, String(params.id), runtime.onSlotFreed) } }),
);
