import { requirePageUser } from "@/server/http/page-guard";
import { STAFF_ROLES } from "@/server/roles";
import "../../_components/booking/booking.css";
import "../../_components/queue/queue.css";
import { loadQueuePage, NoQueueDepartments } from "./queue-departments";
import { QueueBoard } from "./queue-board";

export const dynamic = "force-dynamic";

/** The reception board of one department (?departmentId, default: the first), live. */
export default async function QueuePage({ searchParams }: { searchParams: Promise<{ departmentId?: string }> }) {
  const user = await requirePageUser(STAFF_ROLES, "/staff/queue");
  const start = await loadQueuePage(user, (await searchParams).departmentId);
  if (!start) return <NoQueueDepartments title="Reception queue" />;
  return <QueueBoard departments={start.departments} initial={start.snapshot} renderedAt={start.renderedAt} canCheckIn={user.role === "ADMIN" || user.role === "RECEPTIONIST"} />;
}
