import type { AvailabilityChange } from "../gateway/contract.ts";
import type { Realtime } from "../gateway/realtime.ts";
import { rooms } from "../gateway/rooms.ts";

/**
 * Tells every open booking page and staff day view showing this clinician's day (directly or
 * through its department) that availability changed; they re-read it from the database.
 * Call after the change has committed.
 */
export function notifyAvailabilityChanged(realtime: Realtime, change: AvailabilityChange): void {
  realtime.emit([rooms.clinicianDay(change.clinicianId, change.date), rooms.departmentDay(change.departmentId, change.date)], "availability:changed", change);
}

export function notifyAvailabilityChanges(realtime: Realtime, changes: AvailabilityChange[]): void {
  const seen = new Set<string>();
  for (const c of changes) {
    const key = `${c.clinicianId}|${c.date}|${c.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    notifyAvailabilityChanged(realtime, c);
  }
}
