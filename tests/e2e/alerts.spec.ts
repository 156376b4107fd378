import { expect, test } from "@playwright/test";
import { badge, bell, createTenant, panel, sendOrder, signIn, toasts } from "../support/e2e-fixtures";
import { startReceiver } from "../support/receiver";

// An admin with the dashboard open learns that an endpoint keeps failing without looking for it:
// an urgent notification in the bell and a toast that stays, leading to the alert and what to do.
// (The browser suite's server alerts after 3 failures in a row and retries after 100 ms × 4ⁿ.)

test("an endpoint that keeps failing raises an alert in the admin's open tab, which they resolve", async ({ page, baseURL }) => {
  const receiver = await startReceiver(() => ({ status: 503, body: "down for maintenance" }));
  try {
    const tenant = await createTenant("Fernhill Tea");
    await signIn(page, tenant);
    const created = await page.request.post("/api/webhooks/endpoints", { data: { url: receiver.url, description: "ERP" } });
    expect(created.status()).toBe(201);
    await sendOrder(baseURL ?? "", tenant);

    const toast = toasts(page, "Webhook endpoint failing");
    await expect(toast).toBeVisible({ timeout: 15_000 });
    // The order's own notification, and the alert.
    await expect(badge(page)).toHaveText("2");
    // Urgent: it stays until closed, well past a normal toast's few seconds.
    await page.waitForTimeout(6_000);
    await expect(toast).toBeVisible();

    await bell(page).click();
    const item = panel(page).getByRole("listitem").filter({ hasText: "Webhook endpoint failing" });
    await expect(item).toContainText(receiver.url);
    await item.getByRole("link", { name: "Open alerts" }).click();

    await expect(page).toHaveURL(/\/alerts$/);
    const open = page.getByTestId("open-alert");
    await expect(open).toHaveCount(1);
    await expect(open).toContainText("Webhook endpoint failing");
    await expect(open.getByText("What to do")).toBeVisible();
    await open.getByRole("button", { name: "Mark resolved" }).click();
    await expect(page.getByTestId("open-alert")).toHaveCount(0);
    await expect(page.getByText("Nothing needs you")).toBeVisible();
    await expect(page.getByTestId("resolved-alert")).toContainText(`by ${tenant.email}`);
  } finally {
    await receiver.close();
  }
});
