import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ROOT, buildIfNeeded } from "./lib/prepare.ts";

/**
 * `npm test`: the whole suite against real PostgreSQL and Redis — unit and integration tests
 * (vitest), then browser journeys (Playwright in Debian's Chromium). Ends with one line,
 * `N passed, N failed`, and a non-zero exit when anything failed.
 */
interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const RESULTS = path.join(ROOT, "test-results");
const suites = (process.env.TEST_SUITES ?? "unit,e2e").split(",").map((s) => s.trim());

function runner(label: string, command: string, args: string[], env: Record<string, string>, resultFile: string, read: (json: unknown) => Counts): Counts {
  rmSync(resultFile, { force: true });
  process.stdout.write(`\n── ${label} ──\n`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  if (!existsSync(resultFile)) {
    process.stdout.write(`${label}: no results were written (exit ${result.status ?? result.signal}); counting the run as failed.\n`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const counts = read(JSON.parse(readFileSync(resultFile, "utf8")));
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1; // crashed outside any test
  return counts;
}

mkdirSync(RESULTS, { recursive: true });
buildIfNeeded();

const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
const add = (c: Counts) => {
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
};

if (suites.includes("unit")) {
  const file = path.join(RESULTS, "vitest.json");
  add(
    runner("unit and integration (vitest)", process.execPath, [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`], {}, file, (json) => {
      const r = json as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
      return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
    }),
  );
}

if (suites.includes("e2e")) {
  const file = path.join(RESULTS, "e2e.json");
  add(
    runner("browser journeys (Playwright)", process.execPath, [path.join(ROOT, "node_modules/@playwright/test/cli.js"), "test"], { PLAYWRIGHT_JSON_OUTPUT_FILE: file }, file, (json) => {
      const s = (json as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }).stats;
      return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
    }),
  );
}

// Skipped tests (those that need a tool this machine lacks) are reported on their own line, so
// the last line keeps the exact `N passed, N failed` form.
if (totals.skipped) process.stdout.write(`\n${totals.skipped} skipped`);
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed\n`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
