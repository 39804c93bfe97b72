import { randomBytes } from "node:crypto";
import type { Db } from "../../server/db/client.ts";
import type { AvailabilityChange, ServerToClientEvents } from "../../server/gateway/contract.ts";
import type { Realtime } from "../../server/gateway/realtime.ts";
import { addDays, localDateOf, localToInstant } from "../../server/booking/local-time.ts";
import { createUser, type TestUser } from "./factories.ts";

/**
 * A bookable clinic for booking tests: one location (Europe/Berlin unless told otherwise),
 * one department, clinicians available every day 08:00–17:00 local, an online type and a
 * phone-only type, reception, and patients.
 */
export interface BookableClinic {
  timeZone: string;
  locationId: string;
  departmentId: string;
  clinicians: { id: string; user: TestUser }[];
  onlineType: { id: string; durationMinutes: number };
  phoneOnlyType: { id: string; durationMinutes: number };
  reception: TestUser;
  patients: (TestUser & { patientId: string })[];
  /** A local date `days` from today in the clinic's zone. */
  day(days: number): string;
  /** The instant of a local time on a date, as ISO. */
  at(date: string, hours: number, minutes?: number): string;
}

export async function createBookableClinic(
  db: Db,
  options: { timeZone?: string; clinicians?: number; patients?: number; bufferMinutes?: number; policy?: Partial<{ minNoticeMinutes: number; cancellationWindowMinutes: number; holdMinutes: number; waitlistOfferMinutes: number; slotStepMinutes: number }> } = {},
): Promise<BookableClinic> {
  const timeZone = options.timeZone ?? "Europe/Berlin";
  const tag = randomBytes(3).toString("hex");
  const location = await db.location.create({ data: { name: `Clinic ${tag}`, timeZone, ...options.policy } });
  const department = await db.department.create({ data: { name: `General ${tag}`, locationId: location.id } });
  const clinicians = [];
  for (let i = 0; i < (options.clinicians ?? 2); i++) {
    const user = await createUser(db, "CLINICIAN", { displayName: `Dr. ${String.fromCharCode(65 + i)} ${tag}` });
    const clinician = await db.clinician.create({
      data: {
        userId: user.id,
        departmentId: department.id,
        room: `Room ${i + 1}`,
        bufferMinutes: options.bufferMinutes ?? 0,
        weeklyAvailability: { create: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 17 * 60 })) },
      },
    });
    clinicians.push({ id: clinician.id, user });
  }
  const onlineType = await db.appointmentType.create({ data: { departmentId: department.id, name: "Consultation", durationMinutes: 30, bookableOnline: true } });
  const phoneOnlyType = await db.appointmentType.create({ data: { departmentId: department.id, name: "Procedure", durationMinutes: 60, bookableOnline: false } });
  const reception = await createUser(db, "RECEPTIONIST");
  const patients = [];
  for (let i = 0; i < (options.patients ?? 2); i++) {
    const user = await createUser(db, "PATIENT");
    const patient = await db.patient.findUniqueOrThrow({ where: { userId: user.id }, select: { id: true } });
    patients.push({ ...user, patientId: patient.id });
  }
  return {
    timeZone,
    locationId: location.id,
    departmentId: department.id,
    clinicians,
    onlineType: { id: onlineType.id, durationMinutes: 30 },
    phoneOnlyType: { id: phoneOnlyType.id, durationMinutes: 60 },
    reception,
    patients,
    day: (days) => addDays(localDateOf(Date.now(), timeZone), days),
    at: (date, hours, minutes = 0) => new Date(localToInstant(date, hours * 60 + minutes, timeZone)!).toISOString(),
  };
}

/** Records what services push live, for assertions (the gateway itself is tested with real sockets). */
export function recordingRealtime(): Realtime & {
  changes: AvailabilityChange[];
  events: { room: string | string[]; event: keyof ServerToClientEvents; payload: unknown }[];
  joins: { userIds: string[]; room: string }[];
  leaves: { userIds: string[]; room: string }[];
} {
  const events: { room: string | string[]; event: keyof ServerToClientEvents; payload: unknown }[] = [];
  const changes: AvailabilityChange[] = [];
  const joins: { userIds: string[]; room: string }[] = [];
  const leaves: { userIds: string[]; room: string }[] = [];
  return {
    events,
    changes,
    joins,
    leaves,
    joinUsers(userIds, room) {
      joins.push({ userIds, room });
    },
    leaveUsers(userIds, room) {
      leaves.push({ userIds, room });
    },
    emit(room, event, ...args) {
      events.push({ room, event, payload: args[0] });
      if (event === "availability:changed") changes.push(args[0] as AvailabilityChange);
    },
    emitPublic(room, event, ...args) {
      events.push({ room, event, payload: args[0] });
    },
  };
}
