import type { Page } from "@playwright/test";
import { clinician, expect, receptionist, signIn, test, type Account } from "./fixtures.ts";

/** Live changes must reach the other person quickly, without a reload. */
const LIVE = { timeout: 5_000 };

/** Signs in and waits for the staff home's own socket, so leaving the page never closes one mid-connect. */
async function signInAsStaff(page: Page, account: Account): Promise<void> {
  await signIn(page, account);
  await expect(page.getByTestId("connection-status")).toHaveText("Live");
}

function messageWith(page: Page, text: string) {
  return page.getByTestId("message").filter({ hasText: text });
}

test("two staff members message each other live: unread badge, typing, reply, seen, edit, and text shown as text", async ({ page, openContext }) => {
  const rosa = receptionist();
  const doctor = clinician();
  const doctorPage = await (await openContext()).newPage();
  const conversationUrl = /\/staff\/messages\/[0-9a-f-]{36}$/;

  await test.step("both sign in; the doctor has nothing unread", async () => {
    await signInAsStaff(page, rosa);
    await signInAsStaff(doctorPage, doctor);
    await expect(doctorPage.getByRole("link", { name: "Messages", exact: true })).toBeVisible();
    await expect(doctorPage.getByTestId("nav-unread")).toBeHidden();
  });

  await test.step("reception opens a direct message with the doctor from the people page", async () => {
    await page.getByRole("link", { name: "Messages", exact: true }).click();
    await page.getByRole("link", { name: "People", exact: true }).click();
    await expect(page.getByRole("heading", { name: "People" })).toBeVisible();
    const row = page.getByTestId("person").filter({ hasText: doctor.displayName });
    await expect(row.getByTestId("presence")).toHaveText("Online", LIVE);
    await row.getByRole("button", { name: `Message ${doctor.displayName}` }).click();
    await expect(page).toHaveURL(conversationUrl);
    await expect(page.getByRole("heading", { name: doctor.displayName })).toBeVisible();
    await expect(page.getByTestId("conversation-about")).toContainText("Online");
  });

  await test.step("reception sends a message; the doctor's unread badge goes to 1 live", async () => {
    const composer = page.getByRole("textbox", { name: `Message ${doctor.displayName}` });
    await composer.fill("Hello from reception");
    await composer.press("Enter");
    await expect(messageWith(page, "Hello from reception")).toBeVisible();
    await expect(page.getByTestId("outgoing-message")).toHaveCount(0, LIVE);
    await expect(doctorPage.getByTestId("nav-unread")).toHaveText("1", LIVE);
  });

  await test.step("the doctor opens the conversation from the list", async () => {
    await doctorPage.getByRole("link", { name: "Messages, 1 unread" }).click();
    const entry = doctorPage.getByRole("navigation", { name: "Conversations" }).getByRole("link", { name: new RegExp(rosa.displayName) });
    await expect(entry).toContainText("1 unread");
    await entry.click();
    await expect(doctorPage).toHaveURL(conversationUrl);
    await expect(messageWith(doctorPage, "Hello from reception")).toBeVisible();
    await expect(doctorPage.getByTestId("new-messages-divider")).toBeVisible();
    // Read as soon as it is on screen: the count goes.
    await expect(doctorPage.getByTestId("nav-unread")).toBeHidden(LIVE);
  });

  await test.step("reception sees the doctor typing, then the reply arrives live", async () => {
    const composer = doctorPage.getByRole("textbox", { name: `Message ${rosa.displayName}` });
    await composer.pressSequentially("On my way", { delay: 30 });
    await expect(page.getByTestId("typing")).toHaveText(`${doctor.displayName} is typing…`, LIVE);
    await composer.press("Enter");
    await expect(messageWith(page, "On my way")).toBeVisible(LIVE);
    await expect(messageWith(page, "On my way")).toContainText(doctor.displayName);
    await expect(page.getByTestId("typing")).toHaveText("", LIVE);
  });

  await test.step("reception sees its message was seen", async () => {
    await expect(messageWith(page, "Hello from reception").getByTestId("seen")).toHaveText("Seen", LIVE);
  });

  await test.step("reception edits its message; the doctor sees the new text marked (edited)", async () => {
    // Found by its place: while it is being edited, its text is in the editor.
    const seq = await messageWith(page, "Hello from reception").getAttribute("data-seq");
    const mine = page.locator(`[data-testid="message"][data-seq="${seq}"]`);
    await mine.getByRole("button", { name: /^Edit your message/ }).click();
    const editor = mine.getByRole("textbox", { name: "Edit message" });
    await expect(editor).toBeFocused();
    await editor.fill("Hello from reception, desk 2");
    await editor.press("Enter");
    await expect(mine).toContainText("(edited)");
    const theirs = messageWith(doctorPage, "Hello from reception, desk 2");
    await expect(theirs).toContainText("(edited)", LIVE);
  });

  await test.step("markup in a message is shown as text", async () => {
    const composer = page.getByRole("textbox", { name: `Message ${doctor.displayName}` });
    await composer.fill("<b>bold</b> and <img src=x onerror=alert(1)>");
    await composer.press("Enter");
    const shown = messageWith(doctorPage, "<b>bold</b>");
    await expect(shown).toBeVisible(LIVE);
    await expect(shown).toContainText("<b>bold</b> and <img src=x onerror=alert(1)>");
    await expect(shown.locator("b, img")).toHaveCount(0);
    // The doctor is looking at the conversation: nothing new counts as unread.
    await expect(doctorPage.getByTestId("nav-unread")).toBeHidden();
  });
});
