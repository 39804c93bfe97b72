import type { Db } from "../db/client.ts";
import type { SessionUser } from "../roles.ts";

export interface BookingOptions {
  departments: {
    id: string;
    name: string;
    location: { id: string; name: string; timeZone: string };
    appointmentTypes: { id: string; name: string; durationMinutes: number; bookableOnline: boolean }[];
    clinicians: { id: string; displayName: string; title: string | null; room: string }[];
  }[];
}

/** What the booking pages offer: departments, their bookable types (online ones for patients) and clinicians. */
export async function listBookingOptions(db: Db, user: SessionUser): Promise<BookingOptions> {
  const patient = user.role === "PATIENT";
  const departments = await db.department.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      location: { select: { id: true, name: true, timeZone: true } },
      appointmentTypes: {
        where: { archivedAt: null, ...(patient ? { bookableOnline: true } : {}) },
        orderBy: { name: "asc" },
        select: { id: true, name: true, durationMinutes: true, bookableOnline: true },
      },
      clinicians: {
        where: { user: { disabledAt: null } },
        orderBy: { user: { displayName: "asc" } },
        select: { id: true, title: true, room: true, user: { select: { displayName: true } } },
      },
    },
  });
  return {
    departments: departments
      .filter((d) => d.appointmentTypes.length > 0)
      .map((d) => ({ ...d, clinicians: d.clinicians.map((c) => ({ id: c.id, displayName: c.user.displayName, title: c.title, room: c.room })) })),
  };
}
