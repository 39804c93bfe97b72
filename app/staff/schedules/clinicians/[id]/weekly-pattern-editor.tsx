"use client";

import { useRef, useState, type FormEvent } from "react";
import { FormFooter } from "@/app/_components/form-footer";
import { WEEKDAY_NAMES } from "@/server/schedules/clock-time";
import type { WeeklyRangeView } from "@/server/schedules/weekly-availability-schemas";
import { useScheduleAction } from "../../use-schedule-action";
import { WEEK_ORDER } from "../../weekly-hours-summary";

interface Row extends WeeklyRangeView {
  key: number;
}

/** Problems the server named for ranges.N (or ranges.N.start / .end), in words for that row. */
function problemsFor(problems: Record<string, string>, index: number): string[] {
  return Object.entries(problems)
    .filter(([field]) => field === `ranges.${index}` || field.startsWith(`ranges.${index}.`))
    .map(([field, problem]) => {
      const part = field.split(".")[2];
      const text = problem.replace(/^overlaps ranges\.\d+ \((.*)\)$/, "overlaps $1");
      return part ? `${part === "end" ? "End" : part === "start" ? "Start" : part} ${text}` : `This range ${text}`;
    });
}

/** The whole weekly pattern, edited in place and saved in one go (the server replaces it atomically). */
export function WeeklyPatternEditor({ clinicianId, initial, timeZone }: { clinicianId: string; initial: WeeklyRangeView[]; timeZone: string }) {
  const [rows, setRows] = useState<Row[]>(() => initial.map((r, key) => ({ ...r, key })));
  const nextKey = useRef(initial.length);
  const { busy, error, problems, run } = useScheduleAction();

  const change = (key: number, field: "start" | "end", value: string) => setRows((all) => all.map((r) => (r.key === key ? { ...r, [field]: value } : r)));
  const add = (weekday: number) => setRows((all) => [...all, { key: nextKey.current++, weekday, start: "09:00", end: "17:00" }]);
  const remove = (key: number) => setRows((all) => all.filter((r) => r.key !== key));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(`/api/clinicians/${clinicianId}/availability`, "PUT", { ranges: rows.map(({ weekday, start, end }) => ({ weekday, start, end })) });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby="pattern-help">
      <p id="pattern-help" className="muted">
        Times in {timeZone}, 24-hour HH:MM. 24:00 is midnight at the end of the day. Ranges on one day must not overlap.
      </p>
      {WEEK_ORDER.map((weekday) => {
        const day = WEEKDAY_NAMES[weekday];
        const dayRows = rows.map((row, index) => ({ row, index })).filter(({ row }) => row.weekday === weekday);
        return (
          <fieldset key={weekday} data-testid={`weekday-${weekday}`}>
            <legend>{day}</legend>
            {dayRows.length === 0 && <p className="muted">Not bookable</p>}
            {dayRows.map(({ row, index }) => {
              const rowProblems = problemsFor(problems, index);
              return (
                <div key={row.key} className="fields-row">
                  {(["start", "end"] as const).map((field) => (
                    <div key={field}>
                      <label htmlFor={`range-${row.key}-${field}`}>{field === "start" ? "Start" : "End"}</label>
                      <input
                        id={`range-${row.key}-${field}`}
                        value={row[field]}
                        onChange={(e) => change(row.key, field, e.currentTarget.value)}
                        inputMode="numeric"
                        pattern="\d{2}:\d{2}"
                        size={5}
                        aria-label={`${day} ${field}`}
                        aria-invalid={rowProblems.length > 0}
                      />
                    </div>
                  ))}
                  <button type="button" className="secondary" onClick={() => remove(row.key)} aria-label={`Remove ${day} ${row.start}–${row.end}`}>
                    Remove
                  </button>
                  {rowProblems.map((p) => (
                    <p key={p} className="error">
                      {p}
                    </p>
                  ))}
                </div>
              );
            })}
            <button type="button" className="secondary" onClick={() => add(weekday)}>
              Add hours on {day}
            </button>
          </fieldset>
        );
      })}
      <FormFooter
        error={error && Object.keys(problems).some((f) => f.startsWith("ranges.")) ? "Fix the hours marked above; nothing was saved." : error}
        busy={busy}
        label="Save weekly hours"
        busyLabel="Saving…"
      />
    </form>
  );
}
