"use client";

import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { ConnectionStatus } from "@/app/_components/connection-status";
import { callApi, query } from "@/app/_lib/api-client";
import { slotSearchSchema, type FreeSlot, type SlotChoice } from "@/app/_lib/booking-wire";
import { datesFrom, formatDay, formatTime, localHour } from "@/app/_lib/clinic-time";
import { useAvailabilityWatch } from "@/app/_lib/use-availability-watch";
import { useClinicSocket } from "@/app/_lib/use-clinic-socket";
import type { WatchPayload } from "@/server/gateway/contract";

/** How far ahead the picker offers days. */
export const PICKER_DAYS = 14;

export interface SlotPickerProps {
  appointmentTypeId: string;
  departmentId: string;
  /** null: any clinician of the department. */
  clinicianId: string | null;
  timeZone: string;
  /** Today in the clinic's zone, YYYY-MM-DD: the first day offered. */
  today: string;
  onPick: (slot: SlotChoice) => void;
  /** While a pick is being processed, the times cannot be clicked. */
  busy?: boolean;
  /** Change it to make the picker re-read the shown day (e.g. after a hold ended). */
  refreshToken?: number;
  /** Headings of the two steps, e.g. ["4. Day", "5. Time"]. */
  stepTitles?: [string, string];
}

const PARTS_OF_DAY = [
  { label: "Morning", from: 0, until: 12 },
  { label: "Afternoon", from: 12, until: 17 },
  { label: "Evening", from: 17, until: 24 },
] as const;

/**
 * The next 14 days with how many times are free on each, then the free times of the chosen
 * day. While a day is shown it is watched live: whenever its availability changes anywhere
 * (someone books, holds, cancels), the day is re-read, so a taken time disappears at once.
 * After a reconnect it watches again and re-reads everything it shows.
 */
export function SlotPicker({ appointmentTypeId, departmentId, clinicianId, timeZone, today, onPick, busy = false, refreshToken = 0, stepTitles = ["Day", "Time"] }: SlotPickerProps) {
  const { socket, state } = useClinicSocket();
  const dates = useMemo(() => datesFrom(today, PICKER_DAYS), [today]);
  const [slotsByDay, setSlotsByDay] = useState<Record<string, FreeSlot[]> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [day, setDay] = useState<string | null>(null);
  const headingId = useId();

  // A newer read of a date always wins over an older one that answers late.
  const requestSeq = useRef(0);
  const appliedSeq = useRef(new Map<string, number>());
  const read = useCallback(
    (from: string, to: string) => {
      const seq = ++requestSeq.current;
      void callApi(`/api/slots?${query({ appointmentTypeId, clinicianId, from, to })}`, slotSearchSchema).then((result) => {
        if (!result.ok) {
          setLoadError(result.error.message);
          return;
        }
        setLoadError(null);
        setSlotsByDay((previous) => {
          const next = { ...previous };
          for (const date of dates.filter((d) => d >= from && d <= to)) {
            if ((appliedSeq.current.get(date) ?? 0) > seq) continue;
            appliedSeq.current.set(date, seq);
            next[date] = result.data.slots.filter((s) => s.date === date);
          }
          return next;
        });
      });
    },
    [appointmentTypeId, clinicianId, dates],
  );

  const firstDate = dates[0] ?? today;
  const lastDate = dates[dates.length - 1] ?? today;
  useEffect(() => {
    // refreshToken asks for a re-read.
    read(firstDate, lastDate);
  }, [read, firstDate, lastDate, refreshToken]);

  useAvailabilityWatch(socket, day ? watchPayload(day, clinicianId, departmentId) : null, (reconnected) => {
    if (reconnected) read(firstDate, lastDate);
    else if (day) read(day, day);
  });

  const daySlots = day ? slotsByDay?.[day] : undefined;
  return (
    <section className="slot-picker" aria-labelledby={headingId}>
      <div className="picker-head">
        <h3 id={headingId}>{stepTitles[0]}</h3>
        <ConnectionStatus state={state} />
      </div>
      {loadError && (
        <p className="error" role="alert">
          {loadError}
        </p>
      )}
      {slotsByDay === null ? (
        !loadError && <p className="muted">Looking for free times…</p>
      ) : (
        <div className="day-strip" role="group" aria-labelledby={headingId}>
          {dates.map((date) => {
            const free = slotsByDay[date]?.length ?? 0;
            return (
              <button key={date} type="button" className="day" aria-pressed={date === day} disabled={free === 0 && date !== day} onClick={() => setDay(date)} data-date={date}>
                <span>{formatDay(date)}</span>
                <small>{free === 0 ? "No free times" : `${free} free`}</small>
              </button>
            );
          })}
        </div>
      )}
      {day && (
        <div className="day-slots">
          <h3>
            {stepTitles[1]}: free times on {formatDay(day)} <span className="muted">({timeZone})</span>
          </h3>
          {daySlots === undefined ? (
            <p className="muted">Looking for free times…</p>
          ) : daySlots.length === 0 ? (
            <p className="muted">No free times left on this day. Please choose another day.</p>
          ) : (
            <>
              <p className="muted" aria-live="polite">
                {daySlots.length === 1 ? "1 free time" : `${daySlots.length} free times`}
              </p>
              <SlotGroups slots={daySlots} timeZone={timeZone} showClinician={clinicianId === null} busy={busy} onPick={onPick} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** The day of one clinician, or of the whole department for "any clinician". */
function watchPayload(day: string, clinicianId: string | null, departmentId: string): WatchPayload {
  return clinicianId ? { clinicianIds: [clinicianId], dates: [day] } : { departmentIds: [departmentId], dates: [day] };
}

function SlotGroups({ slots, timeZone, showClinician, busy, onPick }: { slots: FreeSlot[]; timeZone: string; showClinician: boolean; busy: boolean; onPick: (slot: SlotChoice) => void }) {
  const groups = PARTS_OF_DAY.map((part) => ({
    label: part.label,
    slots: slots.filter((s) => {
      const hour = localHour(s.startsAt, timeZone);
      return hour >= part.from && hour < part.until;
    }),
  })).filter((g) => g.slots.length > 0);
  return (
    <>
      {groups.map((group) => (
        <div key={group.label} className="slot-group">
          <h4>{group.label}</h4>
          <ul className="slot-grid">
            {group.slots.map((slot) => {
              const time = formatTime(slot.startsAt, timeZone);
              return (
                <li key={`${slot.clinicianId}|${slot.startsAt}`}>
                  <button type="button" className="slot" disabled={busy} aria-label={`${time} with ${slot.clinicianName}`} onClick={() => onPick(slot)}>
                    <strong>{time}</strong>
                    {showClinician && <small>{slot.clinicianName}</small>}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </>
  );
}
