import { test as base, expect } from "@playwright/test";

export interface BrowserErrorOptions {
  /**
   * console.error messages a test expects (e.g. Chromium logging an intended 4xx response).
   * Empty by default: any other console.error, and every uncaught page error, fails the test.
   */
  allowedConsoleErrors: RegExp[];
}

/** `test` that fails on any unexpected console.error or uncaught error in the page. */
export const test = base.extend<BrowserErrorOptions & { browserErrors: string[] }>({
  allowedConsoleErrors: [[], { option: true }],

  browserErrors: [
    async ({ context, allowedConsoleErrors }, use) => {
      const errors: string[] = [];
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
      await use(errors);
      expect(errors, "the page logged errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** The receptionist account created by e2e/global-setup.ts. */
export function receptionist(): { email: string; password: string; displayName: string } {
  const read = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: the e2e global setup did not run`);
    return value;
  };
  return {
    email: read("E2E_RECEPTIONIST_EMAIL"),
    password: read("E2E_RECEPTIONIST_PASSWORD"),
    displayName: read("E2E_RECEPTIONIST_DISPLAY_NAME"),
  };
}
