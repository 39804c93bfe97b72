import { NextResponse } from "next/server";
import { getConversationDetail } from "@/server/messaging/conversations";
import { route } from "@/server/http/route";
import { STAFF_ROLES } from "@/server/roles";

/** One conversation: members with read state, and the urgent messages the caller must acknowledge. Members. */
export const GET = route({ roles: STAFF_ROLES }, async ({ runtime, user, params }) =>
  NextResponse.json({ data: await getConversationDetail(runtime.db, user, String(params.id)) }),
);
