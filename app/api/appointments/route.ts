import { NextResponse } from "next/server";
import { bookAppointment } from "@/server/booking/book-appointment";
import { listOwnAppointments } from "@/server/booking/list-appointments";
import { readJson, route } from "@/server/http/route";

/** The signed-in patient's appointments: { upcoming, past }. */
export const GET = route({ roles: ["PATIENT"] }, async ({ runtime, user }) => NextResponse.json({ data: await listOwnAppointments(runtime.db, user) }));

/** Book a slot outright: reception/admin for any patient, a patient for themselves. */
export const POST = route({ roles: ["ADMIN", "RECEPTIONIST", "PATIENT"] }, async ({ req, runtime, user }) => {
  const appointment = await bookAppointment(runtime.db, runtime.realtime, user, await readJson(req));
  return NextResponse.json({ data: { appointment } }, { status: 201 });
});
