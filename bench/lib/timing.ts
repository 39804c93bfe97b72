import { performance } from "node:perf_hooks";

export const now = () => performance.now();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `condition` until it holds or `timeoutMs` has passed; says whether it holds. */
export async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(20);
  return condition();
}

/**
 * Calls `each(i)` for i = 0 … count − 1 on a fixed schedule, `perSecond` calls a second from
 * `from`, waiting for what a call returns before the next (a slow call delays the rest rather
 * than piling up); stops early at `deadline`. Returns how many calls were made.
 */
export async function onSchedule(schedule: { from: number; count: number; perSecond: number; deadline: number }, each: (i: number) => Promise<void> | void): Promise<number> {
  const { from, count, perSecond, deadline } = schedule;
  let made = 0;
  for (let i = 0; i < count && now() < deadline; i++) {
    const due = from + (i * 1000) / perSecond;
    if (due > now()) await sleep(due - now());
    await each(i);
    made += 1;
  }
  return made;
}
