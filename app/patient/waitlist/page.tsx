import { requestTime } from "@/app/_lib/request-time";
import { listBookingOptions } from "@/server/booking/list-booking-options";
import { localDateOf } from "@/server/booking/local-time";
import { requirePageUser } from "@/server/http/page-guard";
import { getRuntime } from "@/server/runtime";
import { listWaitlist } from "@/server/waitlist/list-waitlist";
import "../../_components/booking/booking.css";
import { WaitlistPanel } from "./waitlist-panel";

export const dynamic = "force-dynamic";

export default async function PatientWaitlistPage() {
  const user = await requirePageUser(["PATIENT"], "/patient/waitlist");
  const { db } = getRuntime();
  const [options, { entries }] = await Promise.all([listBookingOptions(db, user), listWaitlist(db, user)]);
  const renderedAt = requestTime();
  const departments = options.departments.map((d) => ({ ...d, today: localDateOf(renderedAt, d.location.timeZone) }));
  return (
    <>
      <section className="card">
        <h1>Waitlist</h1>
        <p className="muted">No suitable time free? Wait for one. When a matching slot frees up, it is held for you and offered here first.</p>
      </section>
      <WaitlistPanel departments={departments} initial={entries} renderedAt={renderedAt} />
    </>
  );
}
