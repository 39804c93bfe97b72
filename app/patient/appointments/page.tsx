import Link from "next/link";
import { requestTime } from "@/app/_lib/request-time";
import { listOwnAppointments } from "@/server/booking/list-appointments";
import { isAppError } from "@/server/errors";
import { requirePageUser } from "@/server/http/page-guard";
import { getRuntime } from "@/server/runtime";
import "../../_components/booking/booking.css";
import { NoLinkedRecord } from "../profile-parts";
import { AppointmentList } from "./appointment-list";

export const dynamic = "force-dynamic";

export default async function MyAppointmentsPage() {
  const user = await requirePageUser(["PATIENT"], "/patient/appointments");
  const appointments = await listOwnAppointments(getRuntime().db, user).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!appointments) return <NoLinkedRecord title="My appointments" />;
  return (
    <>
      <section className="card">
        <div className="picker-head">
          <h1>My appointments</h1>
          <Link href="/book" className="button">
            Book an appointment
          </Link>
        </div>
      </section>
      <AppointmentList initial={appointments} renderedAt={requestTime()} />
    </>
  );
}
