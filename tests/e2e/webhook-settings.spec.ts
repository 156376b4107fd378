import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { createSender } from "@/lib/sender/create-sender";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { createTenant, signIn, type Tenant, toasts } from "../support/e2e-fixtures";

// Settings → Inbound and Deliveries as a tenant admin uses them, against the real server: what they
// change applies to the next delivery, and the test button walks a signed sample through the real pipeline.

const order = (tenant: Tenant) => sampleFor("orders", tenant.tenantId, { orderNumber: `ORD-${randomUUID().slice(0, 8)}` });
const postOrder = (baseURL: string, tenant: Tenant, secret: string) =>
  sendWebhook({ baseUrl: baseURL, kind: "orders", payload: order(tenant), secret });

/** Main navigation → Settings (General) → `name` in the settings' own navigation. */
async function openSettings(page: Page, tenant: Tenant, name: "Inbound" | "Deliveries" = "Inbound", unread = 0) {
  await signIn(page, tenant, unread);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "General", level: 1 })).toBeVisible();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name })).toHaveAttribute(
    "aria-current",
    "page",
  );
}

test("the test button delivers a signed sample and lists every step with its time", async ({ page }) => {
  const tenant = await createTenant("Gingko Goods");
  await openSettings(page, tenant);
  await page.getByRole("button", { name: "Send test webhook" }).click();
  const steps = page.getByRole("list", { name: "Test webhook steps" }).getByRole("listitem");
  await expect(steps).toHaveText([
    /Signed\s*[\d.]+ ms/,
    /Verified\s*[\d.]+ ms/,
    /In the inbox\s*[\d.]+ ms/,
    /Pushed live\s*[\d.]+ ms/,
    /Stored durably\s*[\d.]+ ms/,
  ]);
  // Listed in the order they happened: the times only grow down the list.
  const times = (await steps.allTextContents()).map((text) => Number(/([\d.]+) ms/.exec(text)?.[1]));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  await expect(page.getByText("Delivered (HTTP 201)")).toBeVisible();
  // It really went out live: the admin's own tab toasts it.
  await expect(toasts(page, "Test webhook")).toBeVisible();
});

test("disabling the orders endpoint refuses the next order with 403; enabling it accepts again", async ({ page, baseURL }) => {
  const tenant = await createTenant("Hazel Hardware");
  await openSettings(page, tenant);
  const orders = page.getByRole("switch", { name: "Orders endpoint" });
  await expect(orders).toHaveAttribute("aria-checked", "true");
  await orders.click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(toasts(page, "Webhook settings saved")).toBeVisible();
  expect(await postOrder(baseURL!, tenant, tenant.secret)).toMatchObject({ status: 403, body: { reason: "endpoint_disabled" } });

  // The saved state survives a reload, and the refusal is listed with its reason on the Deliveries page.
  await page.reload();
  await expect(page.getByRole("switch", { name: "Orders endpoint" })).toHaveAttribute("aria-checked", "false");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Deliveries" }).click();
  await expect(page.getByRole("list", { name: "Rejected deliveries" }).getByRole("listitem").first()).toContainText(
    /403\s*endpoint_disabled\s*orders/,
  );
  // The outbound policy has its own page and form, which refuses what the API would.
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Outbound endpoints" }).click();
  await page.getByLabel(/Retry attempts/).fill("11");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("must be at most 10")).toBeVisible();
  await page.getByLabel(/Retry attempts/).fill("4");
  await page.getByRole("button", { name: "Save changes" }).click();
  // Saved: nothing left to save.
  await expect(page.getByRole("button", { name: "Save changes" })).toBeDisabled();
  // Saving the policy did not touch the inbound switches saved on the other page.
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Inbound" }).click();
  await expect(page.getByRole("switch", { name: "Orders endpoint" })).toHaveAttribute("aria-checked", "false");
  await page.getByRole("switch", { name: "Orders endpoint" }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("button", { name: "Save changes" })).toBeDisabled();
  await expect(page.getByRole("switch", { name: "Orders endpoint" })).toHaveAttribute("aria-checked", "true");
  await expect.poll(async () => (await postOrder(baseURL!, tenant, tenant.secret)).status).toBe(201);
  await page.reload();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Outbound endpoints" }).click();
  await expect(page.getByLabel(/Retry attempts/)).toHaveValue("4");
});

test("rotating the secret shows the new one once; the old one works for the grace period, then stops", async ({
  page,
  baseURL,
}) => {
  const tenant = await createTenant("Ivy Interiors");
  await openSettings(page, tenant);
  await page.getByRole("button", { name: "Rotate secret" }).click();
  const dialog = page.getByRole("dialog", { name: "Rotate the signing secret?" });
  await expect(dialog).toBeVisible();
  // The e2e server's grace period is 4 s (tests/support/e2e-setup.ts).
  await expect(dialog.getByLabel("Keep the current secret working for")).toHaveValue("default");
  await dialog.getByRole("button", { name: "Rotate secret" }).click();
  await expect(dialog).toBeHidden();

  const revealed = (await page.getByTestId("new-secret").textContent()) ?? "";
  expect(revealed).toMatch(/^whsec_/);
  expect((await postOrder(baseURL!, tenant, revealed)).status).toBe(201);
  expect((await postOrder(baseURL!, tenant, tenant.secret)).status).toBe(201);
  await expect
    .poll(async () => (await postOrder(baseURL!, tenant, tenant.secret)).status, { timeout: 15_000, intervals: [1_000] })
    .toBe(401);
  expect((await postOrder(baseURL!, tenant, revealed)).status).toBe(201);

  // Shown once: after a reload the page knows only when it was rotated.
  await page.reload();
  await expect(page.getByTestId("new-secret")).toHaveCount(0);
  await expect(page.getByText(/Last rotated: (?!never)/)).toBeVisible();
});

test("an admin reveals the current signing secret after giving their password again", async ({ page }) => {
  const tenant = await createTenant("Linden Linens");
  await openSettings(page, tenant);
  await expect(page.getByTestId("current-secret")).toHaveCount(0);
  await page.getByRole("button", { name: "Reveal secret" }).click();
  const dialog = page.getByRole("dialog", { name: "Reveal the signing secret" });
  await dialog.getByLabel("Your password").fill("not-the-password");
  await dialog.getByRole("button", { name: "Reveal", exact: true }).click();
  await expect(dialog.getByText("That is not your password")).toBeVisible();
  await expect(dialog.getByLabel("Your password")).toHaveAttribute("aria-invalid", "true");
  await dialog.getByLabel("Your password").fill(tenant.password);
  await dialog.getByRole("button", { name: "Reveal", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("current-secret")).toHaveText(tenant.secret);
  // Gone once the page is left: a glance over the shoulder later shows nothing.
  await page.reload();
  await expect(page.getByTestId("current-secret")).toHaveCount(0);
});

test("a delivery signed with the wrong secret is listed live, and re-verifying says so", async ({ page, baseURL }) => {
  const tenant = await createTenant("Juniper Jewels");
  const wrong = "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC0xMjM0NTY=";
  await openSettings(page, tenant, "Deliveries");
  await expect(page.getByText("Nothing refused yet.")).toBeVisible();
  expect((await postOrder(baseURL!, tenant, wrong)).status).toBe(401);
  // No reload and no Refresh: the refusal is announced to the open page.
  const item = page.getByRole("list", { name: "Rejected deliveries" }).getByRole("listitem").first();
  await expect(item).toContainText(/401\s*signature_mismatch/);
  await item.getByRole("button", { name: "Re-verify with the current secret" }).click();
  await expect(item.getByRole("status")).toContainText("not this workspace's current one");
  await item.getByText("Headers and body").click();
  await expect(item).toContainText("x-webhook-signature:");
});

test("a signed order appears live in Recent deliveries, with its headers and body", async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  const tenant = await createTenant("Juniper Jewels");
  await openSettings(page, tenant, "Deliveries");
  const list = page.getByRole("list", { name: "Recent deliveries" });
  await expect(page.getByText("No deliveries yet.")).toBeVisible();

  const sender = createSender({ baseUrl: baseURL!, tenantId: tenant.tenantId, secret: tenant.secret });
  const orderNumber = `ORD-${randomUUID().slice(0, 8)}`;
  const sent = await sender.sendOrder({ orderNumber, customerName: "Ada Lovelace", amount: 42 });
  // No reload: the order's dashboard-refresh push brings it in.
  const item = list.getByRole("listitem").first();
  await expect(item).toContainText(new RegExp(`201\\s*orders\\s*order:${orderNumber}:pending`));
  await expect(item).toContainText(`Standard Webhooks · delivery id ${sent.deliveryId}`);
  await item.getByText("Headers and body").click();
  await expect(item.getByText(`webhook-id: ${sent.deliveryId}`)).toBeVisible();
  await expect(item.getByText(`"orderNumber":"${orderNumber}"`)).toBeVisible();

  await page.getByLabel("Event type").selectOption("payments");
  await expect(page.getByText("No delivery matches.")).toBeVisible();
  await page.getByLabel("Event type").selectOption("orders");
  await expect(list.getByRole("listitem")).toHaveCount(1);
});

test("Recent deliveries pages back past the newest 50, finds a delivery by its order number, and filters by answer", async ({
  page,
  baseURL,
}) => {
  const tenant = await createTenant("Larch Lamps");
  const numbers: string[] = [];
  for (let burst = 0; burst < 6; burst++)
    await Promise.all(
      Array.from({ length: burst === 5 ? 5 : 10 }, async () => {
        const payload = order(tenant);
        numbers.push(payload.orderNumber);
        const sent = await sendWebhook({ baseUrl: baseURL!, kind: "orders", payload, secret: tenant.secret });
        expect(sent.status).toBe(201);
      }),
    );
  await openSettings(page, tenant, "Deliveries", 55);
  const card = page.getByRole("region", { name: "Recent deliveries" });
  const list = page.getByRole("list", { name: "Recent deliveries" });
  await expect(list.getByRole("listitem")).toHaveCount(50);
  await card.getByRole("button", { name: "Load older deliveries" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(55);
  await expect(card.getByRole("button", { name: "Load older deliveries" })).toHaveCount(0);

  // The very first order, found by its number (any case), with Enter.
  const first = numbers[0] as string;
  await card.getByLabel("Delivery or event id").fill(first.toLowerCase());
  await card.getByLabel("Delivery or event id").press("Enter");
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list.getByRole("listitem").first()).toContainText(`order:${first}:paid`);
  await card.getByRole("button", { name: "Clear" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(50);

  // Every one was created: none was answered as a duplicate.
  await card.getByLabel("Answer").selectOption("200");
  await expect(card.getByText("No delivery matches.")).toBeVisible();
  await card.getByLabel("Answer").selectOption("201");
  await expect(list.getByRole("listitem")).toHaveCount(50);
});
