import { NextResponse } from "next/server";
import { holdSlot } from "@/server/booking/hold-slot";
import { readJson, route } from "@/server/http/route";

/** A patient picks a slot: it is held for them for a few minutes while they confirm. */
export const POST = route({ roles: ["PATIENT"] }, async ({ req, runtime, user }) => {
  const appointment = await holdSlot(runtime.db, runtime.realtime, user, await readJson(req));
  return NextResponse.json({ data: { appointment } }, { status: 201 });
});
