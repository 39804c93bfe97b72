import { NextResponse } from "next/server";
import { cancelAppointment } from "@/server/booking/cancel-appointment";
import { readJson, route } from "@/server/http/route";

/** Cancel: a patient their own (outside the window), reception/admin any (window override). */
export const POST = route({ roles: ["ADMIN", "RECEPTIONIST", "PATIENT"] }, async ({ req, runtime, user, params }) => {
  const body = req.headers.get("content-length") === "0" ? {} : await readJson(req);
  return NextResponse.json({ data: { appointment: await cancelAppointment(runtime.db, runtime.realtime, user, String(params.id), body, runtime.onSlotFreed) } });
});
