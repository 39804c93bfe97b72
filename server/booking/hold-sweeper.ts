import type { Db } from "../db/client.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { Logger } from "../logger.ts";
import type { SlotFreed } from "./cancel-appointment.ts";
import { expireHolds } from "./expire-holds.ts";
import { localDateOf } from "./local-time.ts";
import { notifyAvailabilityChanged } from "./live.ts";
import { startPeriodic } from "../periodic.ts";

/**
 * Ends lapsed holds every few seconds so their slots reappear on everyone's screen, and hands
 * lapsed waitlist offers' slots on (to the next patient on the list). Safe with many instances:
 * each lapsed hold is ended, and reported, by exactly one of them.
 */
export function startHoldSweeper(deps: { db: Db; realtime: Realtime; logger: Logger; onSlotFreed?: SlotFreed; intervalMs?: number }): { stop(): Promise<void>; sweep(): Promise<number> } {
  const sweep = async (): Promise<number> => {
    const expired = await expireHolds(deps.db);
    if (expired.length === 0) return 0;
    const clinicians = await deps.db.clinician.findMany({
      where: { id: { in: [...new Set(expired.map((e) => e.clinicianId))] } },
      select: { id: true, departmentId: true, department: { select: { location: { select: { timeZone: true } } } } },
    });
    const byId = new Map(clinicians.map((c) => [c.id, c]));
    for (const hold of expired) {
      const clinician = byId.get(hold.clinicianId);
      if (!clinician) continue;
      notifyAvailabilityChanged(deps.realtime, {
        clinicianId: hold.clinicianId,
        departmentId: clinician.departmentId,
        date: localDateOf(hold.startsAt.getTime(), clinician.department.location.timeZone),
        reason: "released",
      });
      if (hold.waitlistEntryId) await deps.onSlotFreed?.({ clinicianId: hold.clinicianId, appointmentTypeId: hold.appointmentTypeId, startsAt: hold.startsAt });
    }
    deps.logger.debug({ expired: expired.length }, "holds expired");
    return expired.length;
  };
  const periodic = startPeriodic("hold sweep", deps.intervalMs ?? 5_000, deps.logger, async () => void (await sweep()));
  return {
    sweep,
    stop: periodic.stop,
  };
}
