import { randomBytes } from "node:crypto";
import type { Db } from "../../server/db/client.ts";
import type { AppointmentStatus } from "../../server/db/generated/client.ts";
import type { Role } from "../../server/roles.ts";
import type { BookingPolicy } from "../../server/schedules/booking-policy-schemas.ts";
import { parseClockTime } from "../../server/schedules/clock-time.ts";
import { createUser, type TestUser } from "./factories.ts";

/** A weekly range as the API writes it: weekday 0 = Sunday … 6, local "HH:MM" times ("24:00" ends the day). */
export interface TestRange {
  weekday: number;
  start: string;
  end: string;
}

/** Monday to Friday, 08:00–12:00 and 13:00–17:00. */
export const WEEKDAY_OFFICE_HOURS: TestRange[] = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, start: "08:00", end: "12:00" },
  { weekday, start: "13:00", end: "17:00" },
]);

export interface TestClinician {
  /** Clinician id (not the user id). */
  id: string;
  departmentId: string;
  room: string;
  bufferMinutes: number;
  user: TestUser;
}

export interface TestClinic {
  location: { id: string; name: string; timeZone: string };
  department: { id: string; name: string };
  clinicians: TestClinician[];
  appointmentTypes: { id: string; name: string; durationMinutes: number; bookableOnline: boolean }[];
}

export interface ClinicOptions {
  /** IANA zone of the location; default Europe/Berlin. */
  timeZone?: string;
  /** How many clinicians, each with a CLINICIAN user; default 1. */
  clinicians?: number;
  /** Every clinician's weekly pattern; default WEEKDAY_OFFICE_HOURS. */
  availability?: TestRange[];
  bufferMinutes?: number;
  /** Default: "Consultation" 15 min and "Long consultation" 30 min, both bookable online. */
  appointmentTypes?: { name: string; durationMinutes: number; bookableOnline?: boolean }[];
  /** Booking policy fields that differ from the database defaults. */
  policy?: Partial<BookingPolicy>;
}

/** A location with one department, its clinicians (with weekly availability) and appointment types. */
export async function createClinic(db: Db, options: ClinicOptions = {}): Promise<TestClinic> {
  const tag = randomBytes(4).toString("hex");
  const location = await db.location.create({
    data: { name: `Test Clinic ${tag}`, timeZone: options.timeZone ?? "Europe/Berlin", ...options.policy },
    select: { id: true, name: true, timeZone: true },
  });
  const department = await createDepartment(db, location.id);
  const clinicians: TestClinician[] = [];
  for (let i = 0; i < (options.clinicians ?? 1); i++) {
    clinicians.push(await createClinician(db, department.id, { availability: options.availability, bufferMinutes: options.bufferMinutes, room: `Room ${i + 1}` }));
  }
  const types = options.appointmentTypes ?? [
    { name: "Consultation", durationMinutes: 15 },
    { name: "Long consultation", durationMinutes: 30 },
  ];
  const appointmentTypes = [];
  for (const t of types) {
    appointmentTypes.push(
      await db.appointmentType.create({
        data: { departmentId: department.id, name: t.name, durationMinutes: t.durationMinutes, bookableOnline: t.bookableOnline ?? true },
        select: { id: true, name: true, durationMinutes: true, bookableOnline: true },
      }),
    );
  }
  return { location, department, clinicians, appointmentTypes };
}

export async function createDepartment(db: Db, locationId: string, name = `Department ${randomBytes(3).toString("hex")}`): Promise<{ id: string; name: string }> {
  return db.department.create({ data: { locationId, name }, select: { id: true, name: true } });
}

/** A clinician (and their CLINICIAN user) in a department, with a weekly pattern. */
export async function createClinician(
  db: Db,
  departmentId: string,
  options: { availability?: TestRange[]; bufferMinutes?: number; room?: string } = {},
): Promise<TestClinician> {
  const user = await createUser(db, "CLINICIAN");
  const ranges = options.availability ?? WEEKDAY_OFFICE_HOURS;
  const clinician = await db.clinician.create({
    data: {
      userId: user.id,
      departmentId,
      room: options.room ?? "Room 1",
      bufferMinutes: options.bufferMinutes ?? 0,
      weeklyAvailability: { create: ranges.map((r) => ({ weekday: r.weekday, startMinute: clockMinutes(r.start), endMinute: clockMinutes(r.end) })) },
    },
    select: { id: true, departmentId: true, room: true, bufferMinutes: true },
  });
  return { ...clinician, user };
}

/** One user per role, where the CLINICIAN is the clinic's first clinician (their own schedule is clinicians[0]'s). */
export async function createClinicUsers(db: Db, clinic: TestClinic): Promise<Record<Role, TestUser>> {
  return {
    ADMIN: await createUser(db, "ADMIN"),
    RECEPTIONIST: await createUser(db, "RECEPTIONIST"),
    CLINICIAN: clinic.clinicians[0]!.user,
    PATIENT: await createUser(db, "PATIENT"),
  };
}

/**
 * An appointment row written straight to the table, bypassing booking rules (not the
 * database's constraints): for tests that need existing appointments.
 */
export async function insertAppointment(
  db: Db,
  input: { clinicianId: string; appointmentTypeId: string; patientId: string; startsAt: Date; minutes: number; status?: AppointmentStatus; bufferMinutes?: number },
): Promise<{ id: string; startsAt: Date; endsAt: Date }> {
  const status = input.status ?? "BOOKED";
  const endsAt = new Date(input.startsAt.getTime() + input.minutes * 60_000);
  return db.appointment.create({
    data: {
      clinicianId: input.clinicianId,
      appointmentTypeId: input.appointmentTypeId,
      patientId: input.patientId,
      startsAt: input.startsAt,
      endsAt,
      blockedUntil: new Date(endsAt.getTime() + (input.bufferMinutes ?? 0) * 60_000),
      status,
      holdExpiresAt: status === "HELD" ? new Date(Date.now() + 5 * 60_000) : null,
      ...(status === "CANCELLED" ? { cancelledBy: "CLINIC" as const, cancelledAt: new Date() } : {}),
    },
    select: { id: true, startsAt: true, endsAt: true },
  });
}

function clockMinutes(value: string): number {
  const minutes = parseClockTime(value, { endOfDay: true });
  if (minutes === null) throw new Error(`not a clock time: ${value}`);
  return minutes;
}
