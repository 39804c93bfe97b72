import { z } from "zod";
import type { Prisma } from "../db/generated/client.ts";
import { WEEKDAY_NAMES, formatClockTime, parseClockTime } from "./clock-time.ts";

/** One bookable range as the API and the pages show it: local wall-clock times in the location's zone. */
export interface WeeklyRangeView {
  weekday: number;
  start: string;
  end: string;
}

export interface WeeklyAvailabilityView {
  clinicianId: string;
  /** The zone the times are in (the location's). */
  timeZone: string;
  ranges: WeeklyRangeView[];
}

export const MAX_WEEKLY_RANGES = 100;

const startTime = z.string().refine((v) => parseClockTime(v) !== null, "must be a time as HH:MM (00:00 to 23:59)");
const endTime = z.string().refine((v) => parseClockTime(v, { endOfDay: true }) !== null, "must be a time as HH:MM (00:01 to 24:00)");

export const weeklyRangeSchema = z
  .object({
    weekday: z.number().int("must be a whole number").min(0, "must be 0 (Sunday) to 6 (Saturday)").max(6, "must be 0 (Sunday) to 6 (Saturday)"),
    start: startTime,
    end: endTime,
  })
  .refine((r) => !isTimed(r) || minutesOf(r).start < minutesOf(r).end, { path: ["end"], message: "must be after start" });

/**
 * Overlapping ranges on one weekday are refused, naming the later one, rather than merged:
 * an overlap is usually a typing mistake, and merging would save a pattern nobody typed.
 * Ranges that only touch (08:00–12:00, 12:00–13:00) are fine and kept as given.
 */
export const setWeeklyAvailabilitySchema = z
  .object({ ranges: z.array(weeklyRangeSchema).max(MAX_WEEKLY_RANGES, `must have at most ${MAX_WEEKLY_RANGES} ranges`) })
  .superRefine(({ ranges }, ctx) => {
    const valid = ranges
      .map((range, index) => ({ range, index }))
      .filter(({ range }) => isTimed(range) && minutesOf(range).start < minutesOf(range).end)
      .sort((a, b) => a.range.weekday - b.range.weekday || minutesOf(a.range).start - minutesOf(b.range).start || a.index - b.index);
    // Compared with the range reaching furthest so far that day, so 08:00–18:00 also catches 11:00–12:00.
    let reach: (typeof valid)[number] | undefined;
    for (const current of valid) {
      if (reach && reach.range.weekday === current.range.weekday && minutesOf(current.range).start < minutesOf(reach.range).end) {
        const { weekday, start, end } = reach.range;
        ctx.addIssue({
          code: "custom",
          path: ["ranges", current.index],
          message: `overlaps ranges.${reach.index} (${WEEKDAY_NAMES[weekday]} ${start}–${end})`,
        });
      }
      if (!reach || reach.range.weekday !== current.range.weekday || minutesOf(current.range).end > minutesOf(reach.range).end) reach = current;
    }
  });

export type SetWeeklyAvailabilityInput = z.infer<typeof setWeeklyAvailabilitySchema>;

function isTimed(r: { start: string; end: string }): boolean {
  return parseClockTime(r.start) !== null && parseClockTime(r.end, { endOfDay: true }) !== null;
}

/** Minutes from local midnight; only for ranges whose times parse. */
export function minutesOf(r: { start: string; end: string }): { start: number; end: number } {
  return { start: parseClockTime(r.start) ?? 0, end: parseClockTime(r.end, { endOfDay: true }) ?? 0 };
}

export const weeklyRangeSelect = { weekday: true, startMinute: true, endMinute: true } as const;
export const weeklyRangeOrder: Prisma.WeeklyAvailabilityOrderByWithRelationInput[] = [{ weekday: "asc" }, { startMinute: "asc" }];

export function toWeeklyRangeView(row: { weekday: number; startMinute: number; endMinute: number }): WeeklyRangeView {
  return { weekday: row.weekday, start: formatClockTime(row.startMinute), end: formatClockTime(row.endMinute) };
}
