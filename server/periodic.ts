import type { Logger } from "./logger.ts";

export interface Periodic {
  /** Runs the task now (tests, or a caller that cannot wait for the timer). */
  runNow(): Promise<void>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs`, never two at once (a run still going when the next is due
 * is not doubled). Failures are logged and the next run tries again. The timer does not keep
 * the process alive.
 */
export function startPeriodic(name: string, intervalMs: number, logger: Logger, task: () => Promise<void>): Periodic {
  let inFlight: Promise<void> | null = null;
  const run = (): Promise<void> => {
    inFlight ??= task()
      .catch((error: unknown) => logger.warn({ err: error, task: name }, "periodic task failed"))
      .finally(() => (inFlight = null));
    return inFlight;
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return {
    runNow: run,
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
