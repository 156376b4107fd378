import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { createTenant, signIn, toasts } from "../support/e2e-fixtures";

// The activity log as an admin reads it: the change they just made, by them, with the values before
// and after; filters that live in the address; and a usable page on a phone.

test("the activity log shows the settings change with the actor and the before/after values", async ({ page, baseURL }) => {
  const tenant = await createTenant("Juniper Journals");
  const order = sampleFor("orders", tenant.tenantId, { orderNumber: `ORD-${randomUUID().slice(0, 8)}` });
  expect((await sendWebhook({ baseUrl: baseURL!, kind: "orders", payload: order, secret: tenant.secret })).status).toBe(201);

  await signIn(page, tenant, 1); // the order's notification
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Outbound endpoints" }).click();
  await page.getByLabel(/Retry attempts/).fill("6");
  await page.getByLabel(/Timeout/).fill("4000");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(toasts(page, "Webhook settings saved")).toBeVisible();

  await nav.getByRole("link", { name: /Activity/ }).click();
  await expect(page.getByRole("heading", { name: "Activity", level: 1 })).toBeVisible();
  const entries = page.getByRole("list", { name: "Activity" }).getByRole("listitem");
  await expect(entries).toHaveCount(2);
  const change = entries.first();
  await expect(change).toContainText("settings.webhooks.updated");
  await expect(change).toContainText("Webhook settings changed");
  await expect(change).toContainText(tenant.email);
  await expect(change.locator("time").first()).toHaveText("just now");
  await expect(entries.nth(1)).toContainText(`Order ${order.orderNumber} received`);

  await change.getByRole("button", { name: "Changes" }).click();
  const rows = change.getByRole("table").getByRole("row");
  await expect(rows.filter({ hasText: "webhookRetryAttempts" })).toHaveText(/webhookRetryAttempts\s*3\s*6/);
  await expect(rows.filter({ hasText: "webhookTimeoutMs" })).toHaveText(/webhookTimeoutMs\s*10000\s*4000/);

  // Filters are in the address: a reload (or a shared link) shows the same view.
  await page.getByLabel("What", { exact: true }).selectOption({ label: "Settings and secrets" });
  await expect(page).toHaveURL(/kind=settings/);
  await expect(entries).toHaveCount(1);
  await page.reload();
  await expect(page.getByLabel("What", { exact: true })).toHaveValue("settings");
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText(tenant.email);

  // Clicking the actor narrows to them; clearing brings everything back.
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(entries).toHaveCount(2);
  await entries.first().getByRole("button", { name: tenant.email }).click();
  await expect(page).toHaveURL(/actor=user%3A/);
  await expect(entries).toHaveCount(1);
  await page.getByLabel("From", { exact: true }).fill("2000-01-01");
  await page.getByLabel("To", { exact: true }).fill("2000-01-02");
  await expect(page.getByText("Nothing matches these filters")).toBeVisible();
});

test("the activity page is usable at 375 px and shows its empty state", async ({ page }) => {
  const tenant = await createTenant("Kestrel Kitchens");
  await page.setViewportSize({ width: 375, height: 740 });
  await signIn(page, tenant);
  await page.goto("/activity");
  await expect(page.getByText("No activity yet")).toBeVisible();
  await page.goto("/activity?kind=nonsense!&from=yesterday");
  // Unreadable filters in the address fall back to "all" instead of failing the page.
  await expect(page.getByText("No activity yet")).toBeVisible();
  await expect(page.getByLabel("What", { exact: true })).toHaveValue("");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
