import { NextResponse } from "next/server";
import { leaveConversation } from "@/server/messaging/conversations";
import { route } from "@/server/http/route";
import { STAFF_ROLES } from "@/server/roles";

/** Leave a group, a visit thread or a channel an admin created (not a direct conversation, not a default channel). */
export const DELETE = route({ roles: STAFF_ROLES }, async ({ runtime, user, params }) =>
  NextResponse.json({ data: await leaveConversation({ db: runtime.db, realtime: runtime.realtime }, user, String(params.id)) }),
);
