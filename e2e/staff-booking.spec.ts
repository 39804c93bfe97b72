import { addDays, formatDay, localDateIn } from "../app/_lib/clinic-time.ts";
import { bookableClinic, clinicPatient, expect, receptionist, signIn, test } from "./fixtures.ts";

test("reception books a phone-only appointment for a patient; the day view shows it live and cancels it", async ({ page, openContext }) => {
  const clinic = bookableClinic();
  const patient = clinicPatient(2);
  const clinicianName = clinic.clinicianNames[1] ?? "";
  const day = addDays(localDateIn(Date.now(), clinic.timeZone), 3);
  const dayView = await (await openContext()).newPage();

  await test.step("a second desk has the clinician's day open", async () => {
    await signIn(dayView, receptionist());
    await dayView.getByRole("link", { name: "Day view" }).click();
    await dayView.getByLabel("Clinician").selectOption({ label: `${clinicianName} (Room 2)` });
    await dayView.getByLabel("Date").fill(day);
    await expect(dayView.getByRole("heading", { name: `${clinicianName} · ${formatDay(day)} (${clinic.timeZone})` })).toBeVisible();
    await expect(dayView.getByText("No appointments on this day.")).toBeVisible();
    await expect(dayView.getByTestId("connection-status")).toHaveText("Live");
  });

  await test.step("reception finds the patient by last name", async () => {
    await signIn(page, receptionist());
    await page.getByRole("link", { name: "Book", exact: true }).click();
    await page.getByLabel("Find a patient").fill(patient.lastName);
    await page.getByRole("button", { name: new RegExp(`^Select .*${patient.lastName}`) }).click();
    await expect(page.getByTestId("chosen-patient")).toContainText(patient.lastName);
  });

  let time = "";
  await test.step("books the phone-only type with a chosen clinician", async () => {
    await page.getByRole("radio", { name: clinic.departmentName }).check();
    await page.getByRole("radio", { name: /^Procedure .*phone\/desk only/ }).check();
    await page.getByRole("radio", { name: new RegExp(`^${clinicianName}`) }).check();
    await page.getByRole("button", { name: new RegExp(`^${formatDay(day)} `) }).click();
    const slot = page.getByRole("button", { name: new RegExp(`^\\d\\d:\\d\\d with ${clinicianName}$`) }).first();
    time = ((await slot.getAttribute("aria-label")) ?? "").slice(0, 5);
    await slot.click();
    await expect(page.getByTestId("confirm-step")).toContainText(`${formatDay(day)}, ${time} (${clinic.timeZone}) with ${clinicianName}`);
    await page.getByRole("button", { name: "Book", exact: true }).click();
    await expect(page.getByTestId("booked")).toContainText(`Procedure on ${formatDay(day)}, ${time} (${clinic.timeZone})`);
  });

  const row = dayView.getByTestId("day-appointments").locator("tbody tr").filter({ hasText: patient.lastName });
  await test.step("the open day view shows the booking without a reload", async () => {
    await expect(row).toHaveCount(1, { timeout: 3_000 });
    await expect(row).toContainText(time);
    await expect(row).toContainText("Procedure");
    await expect(row).toContainText("Booked");
  });

  await test.step("the booking page links to the same day, where reception cancels it with a reason", async () => {
    await page.getByRole("link", { name: `Open ${clinicianName}'s day` }).click();
    const ownRow = page.getByTestId("day-appointments").locator("tbody tr").filter({ hasText: patient.lastName });
    await ownRow.getByRole("button", { name: /^Cancel / }).click();
    await page.getByLabel("Reason for cancelling (optional)").fill("Patient called to cancel");
    await page.getByRole("button", { name: "Cancel appointment" }).click();
    await expect(ownRow).toContainText("Cancelled");
    await expect(ownRow).toContainText("Patient called to cancel");
    await expect(row).toContainText("Cancelled", { timeout: 3_000 });
  });
});
