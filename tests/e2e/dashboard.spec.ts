import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { createTenant, signIn, type Tenant } from "../support/e2e-fixtures";

// Staff keep the dashboard open all day: what platforms send must show up in its figures and its
// table at once, without anyone reloading the page.

const send = (baseURL: string, tenant: Tenant, kind: "orders" | "payments", fields: Record<string, unknown>) =>
  sendWebhook({ baseUrl: baseURL, kind, payload: sampleFor(kind, tenant.tenantId, fields), secret: tenant.secret });

test("a signed order webhook updates the KPIs and the recent-orders table without a reload", async ({ page, baseURL }) => {
  const tenant = await createTenant("Juniper Jewels");
  await signIn(page, tenant);
  await expect(page.getByTestId("kpi-orders")).toHaveText("0");
  await expect(page.getByText("Waiting for your first order")).toBeVisible();
  // Any reload would reset this marker: its survival proves the page was updated in place.
  await page.evaluate(() => {
    (window as unknown as { stillHere: boolean }).stillHere = true;
  });

  const orderNumber = `ORD-${randomUUID().slice(0, 8)}`;
  expect(
    (await send(baseURL!, tenant, "orders", { orderNumber, amount: 120.5, currency: "EUR", status: "pending" })).status,
  ).toBe(201);
  const rows = page.getByTestId("recent-order");
  await expect(page.getByTestId("kpi-orders")).toHaveText("1");
  await expect(page.getByTestId("kpi-revenue")).toHaveText("€120.50");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(orderNumber);
  await expect(rows.first()).toContainText("pending");

  // Its payment moves the payment KPIs and the row's payment column.
  expect(
    (await send(baseURL!, tenant, "payments", { orderNumber, paymentId: "pay_e2e", status: "paid", amount: 120.5 })).status,
  ).toBe(201);
  await expect(page.getByTestId("kpi-paid")).toHaveText("1");
  await expect(rows.first().getByText("paid")).toBeVisible();

  const second = `ORD-${randomUUID().slice(0, 8)}`;
  await send(baseURL!, tenant, "orders", { orderNumber: second, amount: 30, currency: "USD", status: "paid" });
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(second); // newest first
  await expect(page.getByTestId("kpi-revenue-USD")).toHaveText("$30.00");
  await expect(page.getByTestId("kpi-revenue-EUR")).toHaveText("€120.50");
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

  // The row opens the order, with its payment and its timeline.
  await rows.filter({ hasText: orderNumber }).getByRole("link", { name: orderNumber }).click();
  await expect(page.getByRole("heading", { name: `Order ${orderNumber}`, level: 1 })).toBeVisible();
  await expect(page.getByTestId("order-payments")).toContainText("pay_e2e");
  await expect(page.getByTestId("order-timeline").getByRole("listitem")).toHaveCount(2);

  // …and that page follows the order live too.
  await send(baseURL!, tenant, "orders", { orderNumber, amount: 120.5, currency: "EUR", status: "shipped" });
  await expect(page.getByTestId("order-timeline").getByRole("listitem")).toHaveCount(3);
  await expect(page.getByTestId("order-timeline")).toContainText("Status pending → shipped");
  // The requests that made it, each with what was received.
  const deliveries = page.getByRole("list", { name: "Deliveries of this order" }).getByRole("listitem");
  await expect(deliveries).toHaveCount(2);
  await deliveries.last().getByText("Headers and body").click();
  await expect(deliveries.last()).toContainText('"status":"shipped"');
});

test("another tenant's order page is not found", async ({ page, baseURL }) => {
  const owner = await createTenant("Kestrel Kites");
  const other = await createTenant("Lupin Lamps");
  const created = await send(baseURL!, owner, "orders", { orderNumber: `ORD-${randomUUID().slice(0, 8)}` });
  await signIn(page, other);
  const response = await page.goto(`/orders/${String(created.body.orderId)}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText(owner.tenantId)).toHaveCount(0);
});
