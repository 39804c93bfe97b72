import { NextResponse } from "next/server";
import { route } from "@/server/http/route";
import { getDisplayBoard } from "@/server/queue/display-board";

/** The waiting-room display's data, authorised by the display key in the path (no sign-in; no names). */
export const GET = route({ public: true }, async ({ runtime, params }) => NextResponse.json({ data: await getDisplayBoard(runtime.db, String(params.key)) }));
