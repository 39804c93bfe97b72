import { randomBytes } from "node:crypto";
import type { Db } from "../../server/db/client.ts";
import type { QueueChangedEvent } from "../../server/gateway/contract.ts";
import { checkInByStaff } from "../../server/queue/check-in.ts";
import type { QueueDeps } from "../../server/queue/queue-change.ts";
import { recordingRealtime } from "./booking-fixtures.ts";
import { createPatientRecord, createUser, type TestUser } from "./factories.ts";

/**
 * A fixed-offset zone in which it is now between 12:00 and 13:00, so a test that moves the
 * clock by minutes or a few hours stays on today's date (queue tickets belong to a local day).
 */
export function middayTimeZone(now = Date.now()): string {
  const offset = 12 - new Date(now).getUTCHours(); // -11 … +12 hours from UTC
  // POSIX sign: Etc/GMT-5 is five hours ahead of UTC.
  return offset === 0 ? "Etc/GMT" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
}

/** A location (in a midday zone) for queue tests: departments on demand, reception, walk-ins. */
export interface QueueClinic {
  locationId: string;
  timeZone: string;
  reception: TestUser;
  newDepartment(prefix: string): Promise<string>;
  /** Checks in `count` walk-ins (patient records without accounts); returns the ticket ids. */
  walkIns(departmentId: string, count: number, deps?: Partial<QueueDeps>, now?: number): Promise<string[]>;
}

export async function createQueueClinic(
  db: Db,
  policy: { recallIntervalSeconds?: number; maxRecalls?: number; displayKey?: string } = {},
): Promise<QueueClinic> {
  const timeZone = middayTimeZone();
  const location = await db.location.create({ data: { name: `Queue clinic ${randomBytes(3).toString("hex")}`, timeZone, ...policy }, select: { id: true } });
  const reception = await createUser(db, "RECEPTIONIST");
  return {
    locationId: location.id,
    timeZone,
    reception,
    async newDepartment(prefix) {
      const department = await db.department.create({ data: { name: `Dept ${prefix} ${randomBytes(3).toString("hex")}`, locationId: location.id, ticketPrefix: prefix }, select: { id: true } });
      return department.id;
    },
    async walkIns(departmentId, count, deps = {}, now = Date.now()) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const patient = await createPatientRecord(db);
        const ticket = await checkInByStaff({ db, realtime: recordingRealtime(), ...deps }, reception, { departmentId, patientId: patient.id }, now);
        ids.push(ticket.id);
      }
      return ids;
    },
  };
}

/** The board events a recording realtime got for one department: [seq, kind, ticket id, callCount]. */
export function boardEvents(realtime: ReturnType<typeof recordingRealtime>, departmentId: string): [number, string, string, number][] {
  return realtime.events
    .filter((e) => e.event === "queue:changed" && (e.payload as QueueChangedEvent).departmentId === departmentId)
    .map((e) => e.payload as QueueChangedEvent)
    .map((e) => [e.seq, e.kind, e.ticket.id, e.ticket.callCount]);
}
