import { describe, expect, it } from "vitest";
import { localToInstant, localDateOf, localMinuteOf } from "./local-time.ts";
import { computeSlots, mergeRanges, type ClinicianSchedule, type SlotQuery } from "./slot-engine.ts";

const BERLIN = "Europe/Berlin";
const NEW_YORK = "America/New_York";
const at = (iso: string) => new Date(iso).getTime();
const h = (hours: number, minutes = 0) => hours * 60 + minutes;

function schedule(overrides: Partial<ClinicianSchedule> = {}): ClinicianSchedule {
  return { clinicianId: "c1", bufferMinutes: 0, weekly: [], timeOff: [], busy: [], ...overrides };
}

function query(overrides: Partial<SlotQuery> = {}): SlotQuery {
  return { timeZone: BERLIN, fromDate: "2026-12-07", toDate: "2026-12-07", durationMinutes: 30, stepMinutes: 15, earliestStart: 0, latestStart: Number.MAX_SAFE_INTEGER, ...overrides };
}

/** Local HH:MM of each slot, for readable assertions. */
function localTimes(slots: { startsAt: number }[], timeZone = BERLIN): string[] {
  return slots.map((s) => {
    const m = localMinuteOf(s.startsAt, timeZone);
    return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  });
}

// 2026-12-07 is a Monday (weekday 1).
const monday = (startMinute: number, endMinute: number) => ({ weekday: 1, startMinute, endMinute });

describe("local time", () => {
  it("maps wall-clock times to instants in the zone", () => {
    expect(localToInstant("2026-12-07", h(8), BERLIN)).toBe(at("2026-12-07T07:00:00Z"));
    expect(localToInstant("2026-07-06", h(8), BERLIN)).toBe(at("2026-07-06T06:00:00Z"));
    expect(localDateOf(at("2026-12-07T23:30:00Z"), BERLIN)).toBe("2026-12-08");
  });

  it("has no instant for a time skipped when clocks go forward, and the first of a repeated hour", () => {
    expect(localToInstant("2026-03-29", h(2, 30), BERLIN)).toBeNull();
    expect(localToInstant("2026-03-29", h(3), BERLIN)).toBe(at("2026-03-29T01:00:00Z"));
    expect(localToInstant("2026-10-25", h(2, 30), BERLIN)).toBe(at("2026-10-25T00:30:00Z"));
    expect(localToInstant("2026-03-08", h(2, 30), NEW_YORK)).toBeNull();
    expect(localToInstant("2026-11-01", h(1, 30), NEW_YORK)).toBe(at("2026-11-01T05:30:00Z"));
  });
});

describe("slot engine", () => {
  it("offers grid starts whose whole appointment fits in the range", () => {
    const slots = computeSlots([schedule({ weekly: [monday(h(8), h(10))] })], query());
    expect(localTimes(slots)).toEqual(["08:00", "08:15", "08:30", "08:45", "09:00", "09:15", "09:30"]);
    expect(slots[0]).toEqual({ clinicianId: "c1", date: "2026-12-07", startsAt: at("2026-12-07T07:00:00Z"), endsAt: at("2026-12-07T07:30:00Z") });
  });

  it("merges overlapping availability ranges instead of offering a time twice", () => {
    expect(mergeRanges([{ startMinute: h(9), endMinute: h(11) }, { startMinute: h(8), endMinute: h(10) }, { startMinute: h(13), endMinute: h(14) }])).toEqual([
      { startMinute: h(8), endMinute: h(11) },
      { startMinute: h(13), endMinute: h(14) },
    ]);
    const slots = computeSlots([schedule({ weekly: [monday(h(8), h(10)), monday(h(9), h(11))] })], query({ durationMinutes: 60, stepMinutes: 60 }));
    expect(localTimes(slots)).toEqual(["08:00", "09:00", "10:00"]);
  });

  it("keeps each clinician's buffer free after every appointment, existing and new", () => {
    // Existing 09:00–09:30 with a 10-minute buffer: busy until 09:40.
    const busy = [{ start: at("2026-12-07T08:00:00Z"), end: at("2026-12-07T08:40:00Z") }];
    const slots = computeSlots([schedule({ weekly: [monday(h(8), h(11))], bufferMinutes: 10, busy })], query());
    const times = localTimes(slots);
    expect(times).toContain("08:15"); // ends 08:45, buffer to 08:55
    expect(times).not.toContain("08:30"); // its buffer would run into 09:00
    expect(times).not.toContain("09:00");
    expect(times).not.toContain("09:30"); // inside the existing buffer
    expect(times).toContain("09:45");
  });

  it("leaves out time off", () => {
    const timeOff = [{ start: at("2026-12-07T08:00:00Z"), end: at("2026-12-07T09:00:00Z") }]; // 09:00–10:00 local
    const slots = computeSlots([schedule({ weekly: [monday(h(8), h(11))], timeOff })], query({ durationMinutes: 60, stepMinutes: 30 }));
    expect(localTimes(slots)).toEqual(["08:00", "10:00"]);
  });

  it("leaves out the past, the minimum notice and anything past the horizon", () => {
    const slots = computeSlots(
      [schedule({ weekly: [monday(h(8), h(12))] })],
      query({ durationMinutes: 60, stepMinutes: 60, earliestStart: at("2026-12-07T08:00:01Z"), latestStart: at("2026-12-07T10:00:00Z") }),
    );
    expect(localTimes(slots)).toEqual(["10:00", "11:00"]);
  });

  it("spring forward (Europe/Berlin, 29 March): no slot in the skipped hour, real durations", () => {
    // 2026-03-29 is a Sunday (weekday 0); 02:00–03:00 does not exist.
    const slots = computeSlots([schedule({ weekly: [{ weekday: 0, startMinute: h(1), endMinute: h(4) }] })], query({ fromDate: "2026-03-29", toDate: "2026-03-29" }));
    expect(localTimes(slots)).toEqual(["01:00", "01:15", "01:30", "01:45", "03:00", "03:15", "03:30"]);
    expect(slots[0]?.startsAt).toBe(at("2026-03-29T00:00:00Z"));
    expect(slots[4]?.startsAt).toBe(at("2026-03-29T01:00:00Z"));
    for (const s of slots) expect(s.endsAt - s.startsAt).toBe(30 * 60_000);
    // The range is two real hours long: the last start is 30 minutes before 04:00 CEST.
    expect(slots.at(-1)?.endsAt).toBe(at("2026-03-29T02:00:00Z"));
  });

  it("fall back (Europe/Berlin, 25 October): each wall-clock time once, on the first occurrence", () => {
    const slots = computeSlots([schedule({ weekly: [{ weekday: 0, startMinute: h(1), endMinute: h(4) }] })], query({ fromDate: "2026-10-25", toDate: "2026-10-25" }));
    expect(localTimes(slots)).toEqual(["01:00", "01:15", "01:30", "01:45", "02:00", "02:15", "02:30", "02:45", "03:00", "03:15", "03:30"]);
    expect(slots.find((s) => localMinuteOf(s.startsAt, BERLIN) === h(2))?.startsAt).toBe(at("2026-10-25T00:00:00Z"));
    expect(slots.find((s) => localMinuteOf(s.startsAt, BERLIN) === h(3))?.startsAt).toBe(at("2026-10-25T02:00:00Z"));
    expect(new Set(slots.map((s) => s.startsAt)).size).toBe(slots.length);
  });

  it("daytime ranges on both America/New_York transition days start at the right instants", () => {
    const sunday = [{ weekday: 0, startMinute: h(8), endMinute: h(9) }];
    const spring = computeSlots([schedule({ weekly: sunday })], query({ timeZone: NEW_YORK, fromDate: "2026-03-08", toDate: "2026-03-08", durationMinutes: 60, stepMinutes: 60 }));
    const fall = computeSlots([schedule({ weekly: sunday })], query({ timeZone: NEW_YORK, fromDate: "2026-11-01", toDate: "2026-11-01", durationMinutes: 60, stepMinutes: 60 }));
    expect(spring.map((s) => new Date(s.startsAt).toISOString())).toEqual(["2026-03-08T12:00:00.000Z"]); // EDT, UTC-4
    expect(fall.map((s) => new Date(s.startsAt).toISOString())).toEqual(["2026-11-01T13:00:00.000Z"]); // EST, UTC-5
  });

  it("'any clinician' merges everyone's free slots in time order and says whose each is", () => {
    const a = schedule({ clinicianId: "a", weekly: [monday(h(8), h(9))] });
    const b = schedule({ clinicianId: "b", weekly: [monday(h(8, 30), h(9, 30))], busy: [{ start: at("2026-12-07T07:30:00Z"), end: at("2026-12-07T08:00:00Z") }] });
    const slots = computeSlots([a, b], query({ stepMinutes: 30 }));
    expect(slots.map((s) => `${s.clinicianId}@${localTimes([s])[0]}`)).toEqual(["a@08:00", "a@08:30", "b@09:00"]);
  });

  it("walks several days and skips days without availability", () => {
    const slots = computeSlots([schedule({ weekly: [monday(h(8), h(9)), { weekday: 3, startMinute: h(14), endMinute: h(15) }] })], query({ fromDate: "2026-12-07", toDate: "2026-12-13", durationMinutes: 60, stepMinutes: 60 }));
    expect(slots.map((s) => s.date)).toEqual(["2026-12-07", "2026-12-09"]);
  });
});
