import type { ChildProcess } from "node:child_process";

/**
 * Every child process bench/scale.ts starts (app instances, bare servers, client processes,
 * haproxy), so that a failure, an interrupt or the watchdog can end them by their own pid.
 */
const children = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** SIGKILL to every child still running. Synchronous, so it also works from an `exit` handler. */
export function killAllTracked(): number {
  let killed = 0;
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(child.pid, "SIGKILL");
        killed += 1;
      } catch {
        // already gone
      }
    }
  }
  children.clear();
  return killed;
}

/** Resolves with the exit code once the child has exited (at once when it already has). */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function terminate(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited(child);
  clearTimeout(timer);
}
