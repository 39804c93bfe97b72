import { readFile } from "node:fs/promises";
import { addDays, formatDay, localDateIn } from "../app/_lib/clinic-time.ts";
import { bookableClinic, clinicPatient, expect, signIn, test } from "./fixtures.ts";
import type { Page } from "@playwright/test";

const SLOT_BUTTON = /^\d\d:\d\d with /;

/** Steps 1–5 of /book up to the free times of `date`, with "Any clinician". */
async function openDay(page: Page, date: string): Promise<void> {
  const clinic = bookableClinic();
  await page.getByRole("link", { name: "Book", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Book an appointment" })).toBeVisible();
  await page.getByRole("radio", { name: clinic.departmentName }).check();
  await page.getByRole("radio", { name: /^Consultation/ }).check();
  await page.getByRole("radio", { name: /^Any clinician/ }).check();
  await page.getByRole("button", { name: new RegExp(`^${formatDay(date)} `) }).click();
  await expect(page.getByRole("heading", { name: `5. Time: free times on ${formatDay(date)} (${clinic.timeZone})` })).toBeVisible();
  await expect(page.getByRole("button", { name: SLOT_BUTTON }).first()).toBeVisible();
  await expect(page.getByTestId("connection-status")).toHaveText("Live");
}

test("a patient books with any clinician, finds it in My appointments with its calendar file, and another patient sees the time vanish live", async ({ page, openContext }) => {
  const clinic = bookableClinic();
  const booker = clinicPatient(1);
  const watcher = await (await openContext()).newPage();
  const day = addDays(localDateIn(Date.now(), clinic.timeZone), 2);
  let slotName = "";

  await test.step("a second patient watches the same day on /book", async () => {
    await signIn(watcher, clinicPatient(2));
    await openDay(watcher, day);
    // Set on the page itself: a reload would drop it.
    await watcher.evaluate(() => Object.assign(window, { e2eSamePage: true }));
  });

  await test.step("the patient picks the first free time and it is held with a countdown", async () => {
    await signIn(page, booker);
    await openDay(page, day);
    const slot = page.getByRole("button", { name: SLOT_BUTTON }).first();
    slotName = (await slot.getAttribute("aria-label")) ?? "";
    expect(slotName).toMatch(SLOT_BUTTON);
    await expect(watcher.getByRole("button", { name: slotName, exact: true })).toBeVisible();
    await slot.click();
    await expect(page.getByTestId("hold-countdown")).toContainText(/Held for you for \d:\d\d/);
  });

  await test.step("the watching patient's page drops that time live, without a reload", async () => {
    await expect(watcher.getByRole("button", { name: slotName, exact: true })).toHaveCount(0, { timeout: 3_000 });
    await expect(watcher.getByRole("button", { name: SLOT_BUTTON }).first()).toBeVisible();
    expect(await watcher.evaluate(() => "e2eSamePage" in window)).toBe(true);
  });

  const [time] = slotName.split(" with ");
  const when = `${formatDay(day)}, ${time} (${clinic.timeZone})`;

  await test.step("confirms and is booked", async () => {
    await page.getByRole("button", { name: "Confirm", exact: true }).click();
    await expect(page.getByRole("heading", { name: "You are booked" })).toBeVisible();
    await expect(page.getByTestId("booked")).toContainText(`Consultation on ${when}`);
  });

  await test.step("sees it under Upcoming in My appointments", async () => {
    await page.getByTestId("booked").getByRole("link", { name: "My appointments" }).click();
    await expect(page).toHaveURL(/\/patient\/appointments$/);
    const booked = page.getByTestId("upcoming-appointments").getByTestId("appointment").filter({ hasText: when });
    await expect(booked).toHaveCount(1);
    await expect(booked).toContainText("Booked");
  });

  await test.step("downloads the calendar file", async () => {
    const booked = page.getByTestId("upcoming-appointments").getByTestId("appointment").filter({ hasText: when });
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 10_000 }), booked.getByRole("link", { name: "Add to calendar" }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.ics$/);
    const content = await readFile(await download.path(), "utf8");
    expect(content).toContain("BEGIN:VCALENDAR");
    expect(content).toContain("Consultation with");
  });
});

test.describe("when the time is gone before the page knows", () => {
  // The hold answers 409 SLOT_TAKEN, which the page handles; Chromium logs the 409 response.
  test.use({ allowedConsoleErrors: [/^Failed to load resource: the server responded with a status of 409\b/] });

  test("a patient who picks a time just taken is offered alternatives, and a hold that runs out returns to the times", async ({ page, openContext }) => {
    const clinic = bookableClinic();
    const day = addDays(localDateIn(Date.now(), clinic.timeZone), 4);
    const other = await (await openContext()).newPage();
    await page.clock.install();

    await signIn(page, clinicPatient(1));
    await openDay(page, day);
    // From here on the page re-reads stale times, as if it had not heard of the change yet.
    const stale: unknown = await (await page.request.get(`/api/slots?appointmentTypeId=${clinic.onlineTypeId}&from=${day}&to=${day}`)).json();
    await page.route((url) => url.pathname === "/api/slots", (route) => route.fulfill({ json: stale }));

    const slot = page.getByRole("button", { name: SLOT_BUTTON }).first();
    const slotName = (await slot.getAttribute("aria-label")) ?? "";

    await test.step("another patient holds that time first", async () => {
      await signIn(other, clinicPatient(2));
      await openDay(other, day);
      await other.getByRole("button", { name: slotName, exact: true }).click();
      await expect(other.getByTestId("hold-countdown")).toBeVisible();
    });

    await test.step("picking it answers with an apology and alternatives, one of which can be held", async () => {
      await slot.click();
      const taken = page.getByTestId("slot-taken");
      await expect(taken).toContainText("Sorry, that slot was just taken");
      const alternative = taken.getByRole("button").first();
      await expect(alternative).toContainText(`(${clinic.timeZone}) with `);
      await alternative.click();
      await expect(page.getByTestId("hold-countdown")).toBeVisible();
      await expect(taken).toHaveCount(0);
    });

    await test.step("when the hold runs out, the page says so and shows the times again", async () => {
      await page.clock.fastForward("05:05");
      await expect(page.getByRole("alert").filter({ hasText: "Your hold on this time has expired" })).toBeVisible();
      await expect(page.getByTestId("hold-countdown")).toHaveCount(0);
      await expect(page.getByRole("button", { name: SLOT_BUTTON }).first()).toBeVisible();
    });
  });
});
