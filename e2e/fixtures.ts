import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

export interface BrowserErrorOptions {
  /**
   * console.error messages a test expects (e.g. Chromium logging an intended 4xx response).
   * Empty by default: any other console.error, and every uncaught page error, fails the test.
   */
  allowedConsoleErrors: RegExp[];
}

/** Records unexpected console errors and uncaught page errors of a browser context into `errors`. */
function collectBrowserErrors(context: BrowserContext, allowedConsoleErrors: RegExp[], errors: string[]): void {
  context.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    if (allowedConsoleErrors.some((pattern) => pattern.test(text))) return;
    const { url, lineNumber } = message.location();
    errors.push(`console.error: ${text}${url ? ` (${url}:${lineNumber})` : ""}`);
  });
  context.on("weberror", (webError) => {
    const error = webError.error();
    errors.push(`pageerror: ${error.stack ?? error.message}`);
  });
}

/**
 * `test` that fails on any unexpected console.error or uncaught error in the page, also in
 * the extra browser contexts a test opens with `openContext` (a second user at the same time).
 */
export const test = base.extend<BrowserErrorOptions & { browserErrors: string[]; openContext: () => Promise<BrowserContext> }>({
  allowedConsoleErrors: [[], { option: true }],

  browserErrors: [
    async ({ context, allowedConsoleErrors }, use) => {
      const errors: string[] = [];
      collectBrowserErrors(context, allowedConsoleErrors, errors);
      await use(errors);
      expect(errors, "the page logged errors").toEqual([]);
    },
    { auto: true },
  ],

  // The second parameter is Playwright's `use`, named so the React hooks lint leaves it alone.
  openContext: async ({ browser, baseURL, allowedConsoleErrors, browserErrors }, provide) => {
    const opened: BrowserContext[] = [];
    await provide(async () => {
      const context = await browser.newContext({ baseURL });
      collectBrowserErrors(context, allowedConsoleErrors, browserErrors);
      opened.push(context);
      return context;
    });
    for (const context of opened) await context.close();
  },
});

export { expect };

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the e2e global setup did not run`);
  return value;
}

export interface Account {
  email: string;
  password: string;
  displayName: string;
}

/** The receptionist account created by e2e/global-setup.ts. */
export function receptionist(): Account {
  return {
    email: requiredEnv("E2E_RECEPTIONIST_EMAIL"),
    password: requiredEnv("E2E_RECEPTIONIST_PASSWORD"),
    displayName: requiredEnv("E2E_RECEPTIONIST_DISPLAY_NAME"),
  };
}

/** A clinician of the bookable clinic (e2e/global-setup.ts): a second staff member, signed in beside the receptionist. */
export function clinician(): Account {
  return {
    email: requiredEnv("E2E_CLINICIAN_EMAIL"),
    password: requiredEnv("E2E_CLINICIAN_PASSWORD"),
    displayName: requiredEnv("E2E_CLINICIAN_DISPLAY_NAME"),
  };
}

/** One of the two patients of the bookable clinic created by e2e/global-setup.ts. */
export function clinicPatient(n: 1 | 2): Account & { patientId: string; lastName: string } {
  const prefix = `E2E_PATIENT_${n}_`;
  return {
    email: requiredEnv(`${prefix}EMAIL`),
    password: requiredEnv(`${prefix}PASSWORD`),
    displayName: requiredEnv(`${prefix}DISPLAY_NAME`),
    patientId: requiredEnv(`${prefix}ID`),
    lastName: requiredEnv(`${prefix}LAST_NAME`),
  };
}

/**
 * The bookable clinic created by e2e/global-setup.ts: one department whose clinicians are
 * available every day 08:00–17:00, with an online type "Consultation" and a phone-only type.
 */
export function bookableClinic(): { timeZone: string; departmentName: string; onlineTypeId: string; clinicianNames: string[] } {
  return {
    timeZone: requiredEnv("E2E_CLINIC_TIME_ZONE"),
    departmentName: requiredEnv("E2E_CLINIC_DEPARTMENT_NAME"),
    onlineTypeId: requiredEnv("E2E_CLINIC_ONLINE_TYPE_ID"),
    clinicianNames: requiredEnv("E2E_CLINIC_CLINICIAN_NAMES").split("|"),
  };
}

/** The display key of the bookable clinic's location: its waiting-room display is `/display/<key>`. */
export function displayKey(): string {
  return requiredEnv("E2E_DISPLAY_KEY");
}

/** Signs in through the sign-in page and waits for the home page of the account's role. */
export async function signIn(page: Page, account: Account): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(account.displayName);
}
