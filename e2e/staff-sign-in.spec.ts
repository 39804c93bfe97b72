import { randomBytes } from "node:crypto";
import { expect, receptionist, test } from "./fixtures.ts";

const SIGN_IN_PATH = /\/sign-in(\?|$)/;
const STAFF_PATH = /\/staff$/;

test("a receptionist signs in, sees live announcements, posts one and signs out", async ({ page }) => {
  const user = receptionist();

  await test.step("signed out, /staff redirects to the sign-in page", async () => {
    await page.goto("/staff");
    await expect(page).toHaveURL(SIGN_IN_PATH);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });

  await test.step("signs in and lands on /staff", async () => {
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(STAFF_PATH);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(user.displayName);
    await expect(page.getByTestId("signed-in-as")).toContainText(user.displayName);
    await expect(page.getByTestId("signed-in-as")).toContainText("receptionist");
  });

  await test.step("the live connection is up", async () => {
    await expect(page.getByTestId("connection-status")).toHaveText("Live");
  });

  await test.step("posts an announcement, which arrives live", async () => {
    const body = `Room 3 is closed for cleaning until noon (${randomBytes(3).toString("hex")})`;
    const field = page.getByLabel("New announcement for all staff");
    await field.fill(body);
    await page.getByRole("button", { name: "Post" }).click();
    await expect(page.getByTestId("announcements").getByText(body)).toBeVisible();
    await expect(page.getByTestId("announcements").locator("li").first()).toContainText(user.displayName);
    // The form is cleared only after the server accepted the post.
    await expect(field).toHaveValue("");
  });

  await test.step("signs out and /staff is closed again", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(SIGN_IN_PATH);
    await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
    await page.goto("/staff");
    await expect(page).toHaveURL(SIGN_IN_PATH);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });
});

test.describe("with a wrong password", () => {
  // next-auth's credentials callback answers 401, which Chromium logs as a console error.
  test.use({ allowedConsoleErrors: [/^Failed to load resource: the server responded with a status of 401\b/] });

  test("sign-in is refused and the user stays on the sign-in page", async ({ page }) => {
    const user = receptionist();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(`${user.password} but wrong`);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Scoped to the form: Next.js also renders an (empty) role="alert" route announcer.
    await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
    await expect(page).toHaveURL(SIGN_IN_PATH);
    await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  });
});
