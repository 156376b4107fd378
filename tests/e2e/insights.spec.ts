import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { createTenant, signIn } from "../support/e2e-fixtures";

// A merchant watching the charts while orders come in sees them move, and can read the same
// figures as a table.

test("a chart gains a point when a webhook arrives, without a reload, and its table says the same", async ({ page, baseURL }) => {
  const tenant = await createTenant("Quill & Quarry");
  await signIn(page, tenant);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insights" }).click();
  await expect(page.getByRole("heading", { name: "Insights", level: 1 })).toBeVisible();
  await page.getByText("24 hours").click();
  await expect(page).toHaveURL(/range=24h/);

  const orders = page.locator('[data-chart="orders-chart"]');
  await expect(orders).toContainText("0 orders in the last 24 hours");
  const bars = orders.locator(".recharts-bar-rectangle path");
  await expect(bars).toHaveCount(0);
  await page.evaluate(() => {
    (window as unknown as { stillHere: boolean }).stillHere = true;
  });

  const send = (kind: "orders" | "payments", fields: Record<string, unknown>) =>
    sendWebhook({ baseUrl: baseURL!, kind, payload: sampleFor(kind, tenant.tenantId, fields), secret: tenant.secret });
  const orderNumber = `ORD-${randomUUID().slice(0, 8)}`;
  expect((await send("orders", { orderNumber, amount: 80, currency: "USD", status: "pending" })).status).toBe(201);

  await expect(orders).toContainText("1 order in the last 24 hours");
  await expect(bars).toHaveCount(1);
  const revenue = page.locator('[data-chart="revenue-chart"]');
  await expect(revenue).toContainText("$80.00 in the last 24 hours");

  expect((await send("payments", { orderNumber, paymentId: "pay_chart", status: "paid", amount: 80 })).status).toBe(201);
  const payments = page.locator('[data-chart="payments-chart"]');
  await expect(payments).toContainText("1 payment update in the last 24 hours: 1 paid");
  await expect(payments.locator(".recharts-bar-rectangle path")).toHaveCount(1);
  // The deliveries charts count both requests as they are added to the database (every 2 s).
  const inbound = page.locator('[data-chart="inbound-chart"]');
  await expect(inbound).toContainText("2 deliveries accepted in the last 24 hours");
  await expect(inbound.locator(".recharts-bar-rectangle path")).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

  // The text alternative: the current hour's row of the orders table holds the order.
  await orders.getByText("Show the figures as a table").click();
  const lastRow = orders.getByRole("table").getByRole("row").last();
  await expect(lastRow.getByRole("cell").first()).toHaveText("1");

  // The choice of period is kept in the address.
  await page.getByText("30 days").click();
  await expect(page).toHaveURL(/range=30d/);
  await expect(orders).toContainText("1 order in the last 30 days");
  await page.reload();
  await expect(page.getByRole("radio", { name: "30 days" })).toBeChecked();
});
