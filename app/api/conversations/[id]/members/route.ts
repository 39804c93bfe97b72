import { NextResponse } from "next/server";
import { addMembers } from "@/server/messaging/conversations";
import { readJson, route } from "@/server/http/route";
import { STAFF_ROLES } from "@/server/roles";

/** Add { userIds } to a group (its members, up to 10 people) or a channel (admins). */
export const POST = route({ roles: STAFF_ROLES }, async ({ req, runtime, user, params }) =>
  NextResponse.json({ data: { conversation: await addMembers({ db: runtime.db, realtime: runtime.realtime }, user, String(params.id), await readJson(req)) } }),
);
