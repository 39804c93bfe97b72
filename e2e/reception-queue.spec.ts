import { z } from "zod";
import { oneTicketSchema } from "../app/_lib/queue-wire.ts";
import { clinicPatient, displayKey, expect, receptionist, signIn, test } from "./fixtures.ts";

/** Live changes must reach the other screens quickly, without a reload. */
const LIVE = { timeout: 5_000 };
const ticketAnswer = z.object({ data: oneTicketSchema });

// On purpose: "Call next" on an empty queue (409 QUEUE_EMPTY), and pages that must be 404.
test.use({ allowedConsoleErrors: [/^Failed to load resource: the server responded with a status of (409|404)\b/] });

test("reception checks in a walk-in; the waiting-room display and the patient's phone follow the call to Room 3 live", async ({ page, openContext }) => {
  const patient = clinicPatient(1);
  const display = await (await openContext()).newPage();
  const phone = await (await openContext()).newPage();

  await test.step("reception opens the queue board", async () => {
    await signIn(page, receptionist());
    // The staff home's socket is connected before leaving it: one closed while connecting is a console error.
    await expect(page.getByTestId("connection-status")).toHaveText("Live");
    await page.getByRole("link", { name: "Queue", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Reception queue" })).toBeVisible();
    await expect(page.getByTestId("connection-status")).toHaveText("Live");
  });

  await test.step("the waiting-room display opens without signing in", async () => {
    await display.goto(`/display/${displayKey()}`);
    await expect(display.getByTestId("display")).toBeVisible();
    await expect(display.locator("header.site")).toBeHidden();
    await expect(display.getByTestId("display-connection")).toBeHidden();
  });

  let ticket = { id: "", code: "" };
  await test.step("reception checks the patient in as a walk-in", async () => {
    await page.getByLabel("Find a patient").fill(patient.lastName);
    await page.getByRole("button", { name: new RegExp(`^Select .*${patient.lastName}`) }).click();
    await expect(page.getByTestId("walk-in-patient")).toContainText(patient.lastName);
    await page.getByLabel("Reason for the visit (optional)").fill("Sore throat");
    const checkedIn = page.waitForResponse((r) => r.url().endsWith("/api/queue/check-ins") && r.request().method() === "POST");
    await page.getByRole("button", { name: "Check in", exact: true }).click();
    const { ticket: created } = ticketAnswer.parse(await (await checkedIn).json()).data;
    ticket = { id: created.id, code: created.code };
    await expect(page.getByRole("status").filter({ hasText: `ticket ${ticket.code}` })).toBeVisible();
    const row = page.getByTestId("queue-waiting").locator(`tr[data-code="${ticket.code}"]`);
    await expect(row).toContainText(patient.lastName, LIVE);
    await expect(row).toContainText("Walk-in");
    await expect(row).toContainText("Sore throat");
    await expect(row.locator("td.position")).toHaveText("1");
  });

  await test.step("the display shows the new code waiting, and no name", async () => {
    await expect(display.getByTestId("display-next")).toContainText(ticket.code, LIVE);
    await expect(display.getByTestId("display")).not.toContainText(patient.lastName);
  });

  await test.step("the patient's phone shows the ticket first in line", async () => {
    await signIn(phone, patient);
    await phone.goto(`/patient/tickets/${ticket.id}`);
    await expect(phone.getByTestId("ticket-code")).toHaveText(ticket.code);
    await expect(phone.getByTestId("ticket-position")).toHaveText("1");
    await expect(phone.getByTestId("connection-status")).toHaveText("Live");
  });

  await test.step("reception calls the next patient to Room 3", async () => {
    await page.getByLabel("Your room or desk").fill("Room 3");
    const called = page.waitForResponse((r) => r.url().includes("/call-next") && r.request().method() === "POST");
    await page.getByRole("button", { name: "Call next", exact: true }).click();
    expect(ticketAnswer.parse(await (await called).json()).data.ticket.code).toBe(ticket.code);
    await expect(page.getByTestId("call-outcome")).toContainText(`Called ${ticket.code}`);
    const row = page.getByTestId("queue-called").locator(`tr[data-code="${ticket.code}"]`);
    await expect(row).toContainText("Room 3", LIVE);
    await expect(page.getByText("Nobody is waiting.")).toBeVisible();
  });

  await test.step("the display highlights the call", async () => {
    await expect(display.getByTestId("latest-call")).toContainText(ticket.code, LIVE);
    await expect(display.getByTestId("latest-call")).toContainText("Room 3");
    await expect(display.getByTestId("display-call").and(display.locator(".latest"))).toContainText(`${ticket.code}`);
    await expect(display.getByTestId("display-next")).toHaveCount(0);
  });

  await test.step("the patient is told where to go", async () => {
    await expect(phone.getByTestId("ticket-status")).toContainText("Please go to Room 3", LIVE);
    await expect(phone.getByRole("status").filter({ hasText: "Please go to Room 3" })).toBeVisible();
  });

  await test.step("nobody else waits: calling again says so", async () => {
    await page.getByRole("button", { name: "Call next", exact: true }).click();
    await expect(page.getByTestId("call-outcome")).toHaveText("Nobody is waiting right now.");
  });

  await test.step("another patient's ticket and an unknown display key are the 404 page", async () => {
    const other = await (await openContext()).newPage();
    await signIn(other, clinicPatient(2));
    await other.goto(`/patient/tickets/${ticket.id}`);
    await expect(other.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await other.goto(`/display/${displayKey()}-unknown`);
    await expect(other.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });
});
