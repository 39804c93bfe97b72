import { NextResponse } from "next/server";
import { route } from "@/server/http/route";
import { openVisitThread } from "@/server/messaging/conversations";
import { STAFF_ROLES } from "@/server/roles";

/** The staff thread about this visit, created on first use (201) with the department's staff in it. Staff. */
export const POST = route({ roles: STAFF_ROLES }, async ({ runtime, user, params }) => {
  const { conversation, created } = await openVisitThread({ db: runtime.db, realtime: runtime.realtime }, user, String(params.id));
  return NextResponse.json({ data: { conversation } }, { status: created ? 201 : 200 });
});
