import { NextResponse } from "next/server";
import { validationError } from "@/server/errors";
import { route } from "@/server/http/route";
import { listMessages } from "@/server/messaging/messages";
import { messagePageQuerySchema } from "@/server/messaging/rules";
import { STAFF_ROLES } from "@/server/roles";

/** History by cursor: ?before=<seq> (older), ?after=<seq> (newer; after=lastReadSeq jumps to the first unread), &limit. Members. */
export const GET = route({ roles: STAFF_ROLES }, async ({ req, runtime, user, params }) => {
  const query = messagePageQuerySchema.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!query.success) throw validationError(query.error);
  return NextResponse.json({ data: await listMessages(runtime.db, user, String(params.id), query.data) });
});
