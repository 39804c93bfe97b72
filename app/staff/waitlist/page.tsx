import { requirePageUser } from "@/server/http/page-guard";
import { STAFF_ROLES } from "@/server/roles";
import { getRuntime } from "@/server/runtime";
import { listWaitlist } from "@/server/waitlist/list-waitlist";
import "../../_components/booking/booking.css";
import { StaffWaitlist } from "./staff-waitlist";

export const dynamic = "force-dynamic";

export default async function StaffWaitlistPage() {
  const user = await requirePageUser(STAFF_ROLES, "/staff/waitlist");
  const { entries } = await listWaitlist(getRuntime().db, user);
  return (
    <>
      <section className="card">
        <h1>Waitlist</h1>
        <p className="muted">Patients waiting for a slot, longest waiting first: the order freed slots are offered in, automatically.</p>
      </section>
      <StaffWaitlist initial={entries} canManage={user.role === "ADMIN" || user.role === "RECEPTIONIST"} />
    </>
  );
}
