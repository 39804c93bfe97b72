"use client";

import type { SlotChoice } from "@/app/_lib/booking-wire";
import { formatClinicTime } from "@/app/_lib/clinic-time";
import { useFocusOnMount } from "@/app/_lib/use-focus-on-mount";

/** What a 409 SLOT_TAKEN turns into: an apology and the next free times, one click each. */
export function SlotTaken({ alternatives, timeZone, busy, onPick }: { alternatives: SlotChoice[]; timeZone: string; busy: boolean; onPick: (slot: SlotChoice) => void }) {
  const headingRef = useFocusOnMount<HTMLParagraphElement>();
  return (
    <div className="notice warn" role="alert" data-testid="slot-taken">
      <p ref={headingRef} tabIndex={-1}>
        <strong>Sorry, that slot was just taken.</strong>
      </p>
      {alternatives.length > 0 ? (
        <>
          <p>These times are still free:</p>
          <ul className="plain alternatives">
            {alternatives.map((slot) => (
              <li key={`${slot.clinicianId}|${slot.startsAt}`}>
                <button type="button" className="secondary" disabled={busy} onClick={() => onPick(slot)}>
                  {formatClinicTime(slot.startsAt, timeZone)} with {slot.clinicianName}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>Please choose another time.</p>
      )}
    </div>
  );
}
