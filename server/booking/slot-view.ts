import type { BookingContext } from "./booking-context.ts";
import type { Slot } from "./slot-engine.ts";

/** A free slot as the API returns it: in search results and as SLOT_TAKEN alternatives. */
export interface SlotView {
  clinicianId: string;
  clinicianName: string;
  room: string;
  date: string;
  startsAt: string;
  endsAt: string;
}

export function toSlotViews(context: BookingContext, slots: Slot[]): SlotView[] {
  const byId = new Map(context.clinicians.map((c) => [c.id, c]));
  return slots.map((s) => ({
    clinicianId: s.clinicianId,
    clinicianName: byId.get(s.clinicianId)?.displayName ?? "",
    room: byId.get(s.clinicianId)?.room ?? "",
    date: s.date,
    startsAt: new Date(s.startsAt).toISOString(),
    endsAt: new Date(s.endsAt).toISOString(),
  }));
}
