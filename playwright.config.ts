import { defineConfig, devices } from "@playwright/test";

/**
 * Browser tests against one real Clinicflow instance (built app + custom server, real
 * PostgreSQL, real Redis) started by e2e/global-setup.ts, driven through Debian's Chromium:
 * `npx playwright install` cannot download browsers on these machines.
 */
export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  // Every timeout explicit: nothing waits on a default.
  timeout: 60_000,
  globalTimeout: 10 * 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? "test-results/e2e.json" }]],
  outputDir: "test-results/e2e-artifacts",
  use: {
    // Set by the global setup; workers read the config after it has run.
    baseURL: process.env.E2E_BASE_URL,
    actionTimeout: 15_000,
    navigationTimeout: 15_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
});
