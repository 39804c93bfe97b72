import { notFound } from "next/navigation";
import { requestTime } from "@/app/_lib/request-time";
import { listBookingOptions } from "@/server/booking/list-booking-options";
import { getQueueSnapshot, type QueueSnapshot } from "@/server/queue/queue-snapshot";
import type { SessionUser } from "@/server/roles";
import { getRuntime } from "@/server/runtime";

export interface QueueDepartment {
  id: string;
  name: string;
  locationName: string;
  clinicians: { displayName: string; room: string }[];
}

/**
 * What a staff queue page starts from: the departments whose queues staff can open (by name),
 * the chosen one's snapshot, and the render time. The departments come from the booking
 * options, the one department list the services offer today, so a department without
 * appointment types is not listed (docs/pages-queue.md). An unknown department is the 404
 * page; no department at all is null.
 */
export async function loadQueuePage(
  user: SessionUser,
  departmentId: string | undefined,
  /** The department to start on when the address names none (otherwise the first). */
  preferred: (departments: QueueDepartment[]) => QueueDepartment | undefined = () => undefined,
): Promise<{ departments: QueueDepartment[]; snapshot: QueueSnapshot; renderedAt: number } | null> {
  const { db } = getRuntime();
  const { departments: options } = await listBookingOptions(db, user);
  const departments = options.map((d) => ({ id: d.id, name: d.name, locationName: d.location.name, clinicians: d.clinicians.map((c) => ({ displayName: c.displayName, room: c.room })) }));
  if (departments.length === 0) return null;
  const department = departmentId ? departments.find((d) => d.id === departmentId) : (preferred(departments) ?? departments[0]);
  if (!department) notFound();
  const renderedAt = requestTime();
  return { departments, snapshot: await getQueueSnapshot(db, department.id, renderedAt), renderedAt };
}

export function NoQueueDepartments({ title }: { title: string }) {
  return (
    <section className="card">
      <h1>{title}</h1>
      <p className="muted">No departments are set up yet.</p>
    </section>
  );
}
