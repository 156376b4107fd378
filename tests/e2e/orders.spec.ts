import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { createTenant, signIn, type Tenant } from "../support/e2e-fixtures";

// A merchant looking for one order among all of them: search, filters that stay in the address,
// new orders arriving while the list is open, and the list they see as a CSV file.

const order = (baseURL: string, tenant: Tenant, fields: Record<string, unknown>) =>
  sendWebhook({ baseUrl: baseURL, kind: "orders", payload: sampleFor("orders", tenant.tenantId, fields), secret: tenant.secret });

test("search and filter the orders list, see a new order arrive live, and export what is shown as CSV", async ({
  page,
  baseURL,
}) => {
  const tenant = await createTenant("Orchard Outfitters");
  const run = randomUUID().slice(0, 6);
  const numbers = { ada: `A-${run}-1`, grace: `A-${run}-2`, alan: `A-${run}-3` };
  expect(
    (
      await order(baseURL!, tenant, {
        orderNumber: numbers.ada,
        customerName: "Ada Lovelace",
        customerEmail: "ada@example.com",
        status: "paid",
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await order(baseURL!, tenant, {
        orderNumber: numbers.grace,
        customerName: "Grace Hopper",
        customerEmail: "grace@example.com",
        status: "shipped",
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await order(baseURL!, tenant, {
        orderNumber: numbers.alan,
        customerName: "Alan Turing",
        customerEmail: "alan@example.com",
        status: "paid",
      })
    ).status,
  ).toBe(201);
  await signIn(page, tenant, 3);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Orders" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
  const rows = page.getByTestId("order-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText(numbers.alan);

  // Search by part of a name: one row, and the address keeps the search.
  await page.getByLabel("Search").fill("grace hop");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(numbers.grace);
  await expect(page).toHaveURL(/q=grace\+hop/);
  await page.getByLabel("Search").fill("");
  await expect(rows).toHaveCount(3);

  // A filter, kept across a reload.
  await page.getByLabel("Status").selectOption("paid");
  await expect(rows).toHaveCount(2);
  await page.reload();
  await expect(page.getByLabel("Status")).toHaveValue("paid");
  await expect(rows).toHaveCount(2);
  await page.evaluate(() => {
    (window as unknown as { stillHere: boolean }).stillHere = true;
  });

  // A paid order arrives while the filtered list is open: it shows at the top, without a reload.
  const late = `A-${run}-4`;
  expect((await order(baseURL!, tenant, { orderNumber: late, customerName: "Katherine Johnson", status: "paid" })).status).toBe(
    201,
  );
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText(late);
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

  // The export holds exactly what the filters show, with a header row.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const file = await (await download).path();
  const exported = parse(await readFile(file, "utf8"), { columns: true }) as Array<Record<string, string>>;
  expect(exported.map((row) => row.order_number)).toEqual([late, numbers.alan, numbers.ada]);
  expect(exported[2]).toMatchObject({ customer_name: "Ada Lovelace", customer_email: "ada@example.com", status: "paid" });

  // An order opens its page, which leads back to the list.
  await rows.filter({ hasText: numbers.ada }).getByRole("link", { name: numbers.ada }).click();
  await expect(page.getByRole("heading", { name: `Order ${numbers.ada}` })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Orders", exact: true }).click();
  await expect(page).toHaveURL(/\/orders/);
});
