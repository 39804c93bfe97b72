import { requestTime } from "@/app/_lib/request-time";
import { listBookingOptions } from "@/server/booking/list-booking-options";
import { requirePageUser } from "@/server/http/page-guard";
import { getRuntime } from "@/server/runtime";
import "../../_components/booking/booking.css";
import { StaffBookingFlow } from "./staff-booking-flow";

export const dynamic = "force-dynamic";

export default async function StaffBookPage() {
  const user = await requirePageUser(["ADMIN", "RECEPTIONIST"], "/staff/book");
  const { departments } = await listBookingOptions(getRuntime().db, user);
  return <StaffBookingFlow departments={departments} renderedAt={requestTime()} />;
}
