import { NextResponse } from "next/server";
import { route } from "@/server/http/route";
import { ROLES } from "@/server/roles";

/** The signed-in user: id, role, display name. */
export const GET = route({ roles: ROLES }, async ({ user }) => NextResponse.json({ data: { user } }));
