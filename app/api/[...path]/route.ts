import { NextResponse, type NextRequest } from "next/server";

export const dynamic = "force-dynamic";

/** Any /api path without a route handler: a JSON 404, never an HTML page. */
function notFound(req: NextRequest): NextResponse {
  return NextResponse.json(
    { error: { code: "NOT_FOUND", message: `No API route ${req.method} ${req.nextUrl.pathname}.` } },
    { status: 404 },
  );
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
