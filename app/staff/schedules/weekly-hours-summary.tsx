import { WEEKDAY_NAMES } from "@/server/schedules/clock-time";
import type { WeeklyRangeView } from "@/server/schedules/weekly-availability-schemas";

/** Monday first, as a clinic's week reads. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

/** "Monday 08:00–12:00, 13:00–17:00" per working day; "No weekly hours" when there are none. */
export function WeeklyHoursSummary({ ranges }: { ranges: WeeklyRangeView[] }) {
  const days = WEEK_ORDER.map((weekday) => ({ weekday, ranges: ranges.filter((r) => r.weekday === weekday) })).filter((d) => d.ranges.length > 0);
  if (days.length === 0) return <span className="muted">No weekly hours</span>;
  return (
    <ul className="plain">
      {days.map((d) => (
        <li key={d.weekday}>
          {`${WEEKDAY_NAMES[d.weekday]} ${d.ranges.map((r) => `${r.start}–${r.end}`).join(", ")}`}
        </li>
      ))}
    </ul>
  );
}
