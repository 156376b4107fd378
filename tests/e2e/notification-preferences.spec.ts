import { expect, test } from "@playwright/test";
import { badge, createTenant, sendNotification, signIn, toasts } from "../support/e2e-fixtures";

// An inbox a member can tame. Settings → Notifications: a type they turned off still reaches the
// bell but pops up no more, and a priority they keep stays on screen past the usual few seconds.
// The inbox: a snoozed notification leaves it and the badge until it wakes.

test("a member chooses which notifications pop up and which stay, and it applies to the next one", async ({ page, baseURL }) => {
  const tenant = await createTenant("Quince Quilts");
  await signIn(page, tenant);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Notifications" }).click();
  await expect(page.getByRole("heading", { name: "Notification preferences", level: 1 })).toBeVisible();

  const infoSwitch = page.getByRole("switch", { name: "Pop up info notifications" });
  await expect(infoSwitch).toBeChecked();
  await expect(page.getByRole("switch", { name: "Keep urgent pop-ups until closed" })).toBeChecked();
  await infoSwitch.click();
  await page.getByRole("switch", { name: "Keep high pop-ups until closed" }).click();
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(toasts(page, "Notification preferences saved")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save preferences" })).toBeDisabled();

  // An info notification: counted in the bell, no pop-up.
  await sendNotification(baseURL!, tenant, { title: "Quiet restock note", type: "info" });
  await expect(badge(page)).toHaveText("1");
  // A high warning pops up, and is still there after the 6 s a pop-up normally lasts.
  await sendNotification(baseURL!, tenant, { title: "Stock is low", type: "warning", priority: "high" });
  await expect(toasts(page, "Stock is low")).toBeVisible();
  await expect(badge(page)).toHaveText("2");
  await page.waitForTimeout(7_500);
  await expect(toasts(page, "Stock is low")).toBeVisible();
  await expect(toasts(page, "Quiet restock note")).toHaveCount(0);

  // Saved for this member: a reload shows what they chose.
  await page.reload();
  await expect(page.getByRole("switch", { name: "Pop up info notifications" })).not.toBeChecked();
  await expect(page.getByRole("switch", { name: "Keep high pop-ups until closed" })).toBeChecked();
});

test("a member snoozes a notification out of the inbox and the badge, and wakes it from the Snoozed tab", async ({
  page,
  baseURL,
}) => {
  const tenant = await createTenant("Rye & Rose");
  for (const title of ["Reorder linen", "Call the courier"]) await sendNotification(baseURL!, tenant, { title });
  await signIn(page, tenant, 2);
  await page.goto("/notifications");
  const rows = page.getByRole("list", { name: "All notifications" }).getByRole("listitem");
  await expect(rows).toHaveCount(2);

  await page.getByRole("combobox", { name: 'Snooze "Reorder linen"' }).selectOption("Tomorrow, 9:00");
  await expect(rows).toHaveText([/Call the courier/]);
  await expect(badge(page)).toHaveText("1");

  await page.getByRole("tab", { name: "Snoozed" }).click();
  const snoozed = page.getByRole("list", { name: "Snoozed notifications" }).getByRole("listitem");
  await expect(snoozed).toHaveText([/Reorder linen.*Snoozed until/s]);
  // Still snoozed after a reload: it is the member's state on the server, not the tab's.
  await page.reload();
  await expect(snoozed).toHaveCount(1);
  await snoozed.getByRole("button", { name: "Wake now: Reorder linen" }).click();
  await expect(page.getByRole("heading", { name: "Nothing snoozed" })).toBeVisible();
  await expect(badge(page)).toHaveText("2");
  await page.getByRole("tab", { name: "All" }).click();
  await expect(rows).toHaveText([/Call the courier/, /Reorder linen/]);
});
