import { NextResponse } from "next/server";
import { route } from "@/server/http/route";
import { declineOffer } from "@/server/waitlist/decline-offer";

/** The patient declines the slot on offer; it goes to the next patient. (Accept: POST /api/appointments/[id]/confirm.) */
export const POST = route({ roles: ["PATIENT"] }, async ({ runtime, user, params }) =>
  NextResponse.json({ data: { entry: await declineOffer(runtime.db, runtime.realtime, user, String(params.id), runtime.onSlotFreed) } }),
);
