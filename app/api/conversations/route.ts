import { NextResponse } from "next/server";
import { createConversation, listConversations } from "@/server/messaging/conversations";
import { readJson, route } from "@/server/http/route";
import { STAFF_ROLES } from "@/server/roles";

/** The caller's conversations (channels, direct, groups, visit threads) with unread counts. Staff. */
export const GET = route({ roles: STAFF_ROLES }, async ({ runtime, user }) => NextResponse.json({ data: await listConversations(runtime.db, user) }));

/** Start a direct message (200 if it exists), a group, or (admins) a channel. Staff. */
export const POST = route({ roles: STAFF_ROLES }, async ({ req, runtime, user }) => {
  const { conversation, created } = await createConversation({ db: runtime.db, realtime: runtime.realtime }, user, await readJson(req));
  return NextResponse.json({ data: { conversation } }, { status: created ? 201 : 200 });
});
