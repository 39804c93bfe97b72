import { requestTime } from "@/app/_lib/request-time";
import { listBookingOptions } from "@/server/booking/list-booking-options";
import { listClinicianDay } from "@/server/booking/list-appointments";
import { localDateOf, isIsoDate } from "@/server/booking/local-time";
import { requirePageUser } from "@/server/http/page-guard";
import { STAFF_ROLES } from "@/server/roles";
import { getRuntime } from "@/server/runtime";
import "../../_components/booking/booking.css";
import { DayView, type DayClinician } from "./day-view";

export const dynamic = "force-dynamic";

/** One clinician's day: ?clinicianId (default: the first) &date (default: today in the clinic's zone). */
export default async function StaffDayPage({ searchParams }: { searchParams: Promise<{ clinicianId?: string; date?: string }> }) {
  const user = await requirePageUser(STAFF_ROLES, "/staff/day");
  const { db } = getRuntime();
  const params = await searchParams;
  const { departments } = await listBookingOptions(db, user);
  const clinicians: DayClinician[] = departments.flatMap((d) => d.clinicians.map((c) => ({ id: c.id, displayName: c.displayName, room: c.room, departmentName: d.name, timeZone: d.location.timeZone })));
  const clinician = clinicians.find((c) => c.id === params.clinicianId) ?? clinicians[0];
  if (!clinician) {
    return (
      <section className="card">
        <h1>Day view</h1>
        <p className="muted">No clinicians are set up yet.</p>
      </section>
    );
  }
  const now = requestTime();
  const date = params.date && isIsoDate(params.date) ? params.date : localDateOf(now, clinician.timeZone);
  const day = await listClinicianDay(db, user, { clinicianId: clinician.id, date });
  return <DayView clinicians={clinicians} initial={day} renderedAt={now} canCancel={user.role !== "CLINICIAN"} />;
}
