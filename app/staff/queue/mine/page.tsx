import { requirePageUser } from "@/server/http/page-guard";
import { STAFF_ROLES } from "@/server/roles";
import "../../../_components/booking/booking.css";
import "../../../_components/queue/queue.css";
import { loadQueuePage, NoQueueDepartments } from "../queue-departments";
import { MyRoom } from "./my-room";

export const dynamic = "force-dynamic";

/**
 * A clinician's room: the patients called to it and in service there, and "Call next" to it.
 * A clinician starts on their own department and room (found by their display name among the
 * department's clinicians); anyone may pick another department (?departmentId) and type the room.
 */
export default async function MyRoomPage({ searchParams }: { searchParams: Promise<{ departmentId?: string }> }) {
  const user = await requirePageUser(STAFF_ROLES, "/staff/queue/mine");
  const isOwn = (c: { displayName: string }) => c.displayName === user.displayName;
  const start = await loadQueuePage(user, (await searchParams).departmentId, (departments) => departments.find((d) => d.clinicians.some(isOwn)));
  if (!start) return <NoQueueDepartments title="My room" />;
  const room = start.departments.flatMap((d) => d.clinicians.filter(isOwn))[0]?.room ?? "";
  return <MyRoom departments={start.departments} initial={start.snapshot} renderedAt={start.renderedAt} defaultRoom={room} />;
}
