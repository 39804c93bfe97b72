import { createEvent } from "ics";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { loadAppointmentFor } from "./appointment-view.ts";
import { localDateOf } from "./local-time.ts";

/** The appointment as an iCalendar file (RFC 5545), for the patient's own calendar. */
export async function appointmentCalendarFile(db: Db, user: SessionUser, appointmentId: string): Promise<{ filename: string; body: string }> {
  const row = await loadAppointmentFor(db, user, appointmentId);
  if (row.status !== "BOOKED" && row.status !== "COMPLETED") throw new AppError("CONFLICT", "Only booked appointments can be added to a calendar.");
  const location = row.clinician.department.location;
  const { error, value } = createEvent({
    uid: `${row.id}@clinicflow`,
    start: row.startsAt.getTime(),
    end: row.endsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    endInputType: "utc",
    endOutputType: "utc",
    title: `${row.appointmentType.name} with ${row.clinician.user.displayName}`,
    description: `${row.clinician.department.name}, ${row.clinician.room}. To cancel or reschedule, use Clinicflow or call reception.`,
    location: [location.name, location.address].filter(Boolean).join(", "),
    status: "CONFIRMED",
    productId: "clinicflow/booking",
  });
  if (error || !value) throw new Error(`calendar file could not be written: ${String(error)}`);
  // Named after the local date: an early-morning appointment is not "yesterday's" in UTC.
  return { filename: `appointment-${localDateOf(row.startsAt.getTime(), location.timeZone)}.ics`, body: value };
}
