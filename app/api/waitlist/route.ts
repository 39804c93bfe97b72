import { NextResponse } from "next/server";
import { readJson, route } from "@/server/http/route";
import { ROLES } from "@/server/roles";
import { joinWaitlist } from "@/server/waitlist/join-waitlist";
import { listWaitlist } from "@/server/waitlist/list-waitlist";

/** Staff: every active entry, longest waiting first. A patient: their own entries. */
export const GET = route({ roles: ROLES }, async ({ runtime, user }) => NextResponse.json({ data: await listWaitlist(runtime.db, user) }));

/** Join the waitlist: a patient for themselves, reception/admin for any patient. */
export const POST = route({ roles: ["ADMIN", "RECEPTIONIST", "PATIENT"] }, async ({ req, runtime, user }) => {
  const entry = await joinWaitlist(runtime.db, user, await readJson(req));
  return NextResponse.json({ data: { entry } }, { status: 201 });
});
