import { StaffDirectoryTable } from "@/app/_components/messaging/staff-directory-table";
import { requirePageUser } from "@/server/http/page-guard";
import { STAFF_ROLES } from "@/server/roles";
import "../../_components/booking/booking.css";

export const dynamic = "force-dynamic";

/** Everyone on staff with their presence, and a way to message them. */
export default async function PeoplePage() {
  const user = await requirePageUser(STAFF_ROLES, "/staff/people");
  return <StaffDirectoryTable meId={user.id} />;
}
