import { NextResponse } from "next/server";
import { rescheduleAppointment } from "@/server/booking/reschedule-appointment";
import { readJson, route } from "@/server/http/route";

/** Move to another free slot, atomically. A patient their own; reception/admin any. */
export const POST = route({ roles: ["ADMIN", "RECEPTIONIST", "PATIENT"] }, async ({ req, runtime, user, params }) =>
  NextResponse.json({ data: { appointment: await rescheduleAppointment(runtime.db, runtime.realtime, user, String(params.id), await readJson(req), runtime.onSlotFreed) } }),
);
