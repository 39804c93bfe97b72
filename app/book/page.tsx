import { requestTime } from "@/app/_lib/request-time";
import { listBookingOptions } from "@/server/booking/list-booking-options";
import { requirePageUser } from "@/server/http/page-guard";
import { getRuntime } from "@/server/runtime";
import "../_components/booking/booking.css";
import { BookingFlow } from "./booking-flow";

export const dynamic = "force-dynamic";

export default async function BookPage() {
  const user = await requirePageUser(["PATIENT"], "/book");
  const { departments } = await listBookingOptions(getRuntime().db, user);
  return <BookingFlow departments={departments} renderedAt={requestTime()} />;
}
