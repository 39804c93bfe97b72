import { NextResponse } from "next/server";
import { route } from "@/server/http/route";
import { getTicketForViewer } from "@/server/queue/patient-ticket";
import { ROLES } from "@/server/roles";

/** A ticket's live state, place in line and estimated wait. A patient their own (others: 404); staff any. */
export const GET = route({ roles: ROLES }, async ({ runtime, user, params }) => NextResponse.json({ data: { ticket: await getTicketForViewer(runtime.db, user, String(params.id)) } }));
