import { NextResponse } from "next/server";
import { listRecentAnnouncements } from "@/server/announcements/list-announcements";
import { postAnnouncement } from "@/server/announcements/post-announcement";
import { readJson, route } from "@/server/http/route";
import { STAFF_ROLES } from "@/server/roles";

/** Recent clinic announcements, newest first. Staff only. */
export const GET = route({ roles: STAFF_ROLES }, async ({ runtime }) =>
  NextResponse.json({ data: { announcements: await listRecentAnnouncements(runtime.db) } }),
);

/** Post an announcement; it reaches every connected staff socket on every instance. Admin and reception. */
export const POST = route({ roles: ["ADMIN", "RECEPTIONIST"] }, async ({ req, runtime, user }) => {
  const announcement = await postAnnouncement(runtime.db, runtime.realtime, user, await readJson(req));
  return NextResponse.json({ data: { announcement } }, { status: 201 });
});
