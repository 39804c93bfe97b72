import { randomBytes } from "node:crypto";
import { expect, receptionist, test } from "./fixtures.ts";

// The duplicate check answers 409, which Chromium logs as a console error.
test.use({ allowedConsoleErrors: [/^Failed to load resource: the server responded with a status of 409\b/] });

test("a receptionist registers a walk-in, confirms a namesake as a new patient, and edits the record", async ({ page }) => {
  const user = receptionist();
  const lastName = `Walkin ${[...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join("")}`;

  await page.goto("/sign-in?callbackUrl=%2Fstaff");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Patients" }).click();
  await expect(page.getByRole("heading", { name: "Patients", level: 1 })).toBeVisible();

  const fillNewPatient = async () => {
    await page.getByLabel("First name").fill("Erika");
    await page.getByLabel("Last name").fill(lastName);
    await page.getByLabel("Date of birth", { exact: true }).fill("1970-01-01");
  };

  await test.step("creates the record and lands on it", async () => {
    await fillNewPatient();
    await page.getByRole("button", { name: "Create patient" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Erika ${lastName}`);
    await expect(page.getByTestId("audit-notice")).toContainText("Every view and change of this record is logged.");
  });

  await test.step("the same name and date of birth again shows the duplicate, and Create anyway creates it", async () => {
    await page.goto("/staff/patients");
    await fillNewPatient();
    await page.getByRole("button", { name: "Create patient" }).click();
    const warning = page.getByTestId("duplicate-warning");
    await expect(warning).toContainText("A patient with this name and date of birth already exists.");
    await expect(warning.getByRole("link", { name: `Erika ${lastName}` })).toBeVisible();
    await warning.getByRole("button", { name: "Create anyway" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Erika ${lastName}`);
  });

  await test.step("edits the phone number", async () => {
    await page.getByLabel("Phone (optional)").fill("+49 30 555 0100");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status")).toHaveText("Saved.");
    await expect(page.locator("dl.profile")).toContainText("+49 30 555 0100");
  });

  await test.step("a search by name finds both records", async () => {
    await page.goto(`/staff/patients?q=${encodeURIComponent(`erika ${lastName}`)}`);
    await expect(page.getByTestId("search-results").locator("tbody tr")).toHaveCount(2);
  });
});
