import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import type { AppointmentTypeView } from "./appointment-type-schemas.ts";
import { bookingPolicySelect, toBookingPolicyView, type BookingPolicyView } from "./booking-policy-schemas.ts";
import { clinicianScheduleSelect, localDaysWindow, toClinicianScheduleView, upcomingTimeOffDays, type ClinicianScheduleView } from "./clinician-schedule-view.ts";
import { findTimeOffWithAffected } from "./find-time-off.ts";
import { listAppointmentTypes } from "./list-appointment-types.ts";
import { assertRecordId, notFound } from "./record-id.ts";
import { assertCanReadSchedules, canEditBookingPolicy, canEditSchedules } from "./schedule-access.ts";

export interface ScheduleOverview {
  location: { id: string; name: string; timeZone: string; address: string | null };
  policy: BookingPolicyView;
  /** Every location, to switch between them. */
  locations: { id: string; name: string }[];
  departments: { id: string; name: string }[];
  /** Everyone at the location for admins and reception; a clinician sees only themselves. */
  clinicians: ClinicianScheduleView[];
  /** All of the location's types, archived ones flagged. */
  appointmentTypes: AppointmentTypeView[];
  /** The local days the time off lists cover, inclusive. */
  timeOffFrom: string;
  timeOffTo: string;
  access: { canEdit: boolean; canEditPolicy: boolean };
}

/** Everything the schedules page shows for one location (by default the first, or a clinician's own). */
export async function getScheduleOverview(db: Db, user: SessionUser, options: { locationId?: string; now?: Date } = {}): Promise<ScheduleOverview> {
  assertCanReadSchedules(user);
  const locationId = await chooseLocation(db, user, options.locationId);
  const [location, locations, departments] = await Promise.all([
    db.location.findUniqueOrThrow({ where: { id: locationId }, select: { ...bookingPolicySelect, address: true } }),
    db.location.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.department.findMany({ where: { locationId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  const canEdit = canEditSchedules(user);
  const clinicianRows = await db.clinician.findMany({
    where: { department: { locationId }, ...(canEdit ? {} : { userId: user.id }) },
    select: clinicianScheduleSelect,
    orderBy: [{ department: { name: "asc" } }, { user: { displayName: "asc" } }],
  });

  const { from: timeOffFrom, to: timeOffTo } = upcomingTimeOffDays(location.timeZone, options.now ?? new Date());
  const window = localDaysWindow(timeOffFrom, timeOffTo, location.timeZone);
  const [timeOff, appointmentTypes] = await Promise.all([
    findTimeOffWithAffected(db, clinicianRows.map((c) => c.id), window.start, window.end),
    listAppointmentTypes(db, user, { locationId }),
  ]);

  const { address, ...policyRow } = location;
  return {
    location: { id: location.id, name: location.name, timeZone: location.timeZone, address },
    policy: toBookingPolicyView(policyRow),
    locations,
    departments,
    clinicians: clinicianRows.map((row) => toClinicianScheduleView(row, timeOff)),
    appointmentTypes,
    timeOffFrom,
    timeOffTo,
    access: { canEdit, canEditPolicy: canEditBookingPolicy(user) },
  };
}

async function chooseLocation(db: Db, user: SessionUser, requested: string | undefined): Promise<string> {
  if (requested) {
    assertRecordId(requested, "location", "locationId");
    const found = await db.location.findUnique({ where: { id: requested }, select: { id: true } });
    if (!found) throw notFound("location", "locationId");
    return found.id;
  }
  if (user.role === "CLINICIAN") {
    const own = await db.clinician.findUnique({ where: { userId: user.id }, select: { department: { select: { locationId: true } } } });
    if (own) return own.department.locationId;
  }
  const first = await db.location.findFirst({ select: { id: true }, orderBy: { name: "asc" } });
  if (!first) throw new AppError("NOT_FOUND", "No location is set up yet.");
  return first.id;
}
