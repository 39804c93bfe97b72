import { appointmentCalendarFile } from "@/server/booking/appointment-calendar";
import { route } from "@/server/http/route";
import { ROLES } from "@/server/roles";

/** The appointment as a calendar file (.ics). The patient's own, or staff. */
export const GET = route({ roles: ROLES }, async ({ runtime, user, params }) => {
  const file = await appointmentCalendarFile(runtime.db, user, String(params.id));
  return new Response(file.body, {
    headers: { "content-type": "text/calendar; charset=utf-8", "content-disposition": `attachment; filename="${file.filename}"` },
  });
});
