import { expect, test } from "@playwright/test";
import { sourceSampleFor } from "@/lib/sources/samples";
import { sourceOptionsSchemas } from "@/lib/sources/schemas";
import { signSourceDelivery } from "@/lib/sources/sign-source-delivery";
import { createTenant, signIn, toasts } from "../support/e2e-fixtures";

// Settings → Sources as an admin uses it: connect a Shopify store, keep its secret, and watch the
// store's next order arrive on the dashboard without a reload.

test("adds a Shopify source, shows its secret once, and a signed Shopify order arrives live on the dashboard", async ({
  page,
}) => {
  const tenant = await createTenant("Maple & Co");
  await signIn(page, tenant);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Sources" }).click();
  await expect(page).toHaveURL(/\/settings\/sources$/);
  const section = page.getByRole("region", { name: "Sources" });
  await expect(section.getByText("No sources yet.")).toBeVisible();

  await section.getByRole("button", { name: "Add source" }).click();
  const form = section.getByRole("form", { name: "Add source" });
  await form.getByLabel("Platform").selectOption("shopify");
  await form.getByRole("button", { name: "Add source" }).click();
  await expect(form.getByText("must not be empty")).toBeVisible();
  await form.getByLabel("Name").fill("Maple Shopify");
  await form.getByRole("button", { name: "Add source" }).click();
  await expect(toasts(page, "Source added")).toBeVisible();
  const secret = (await section.getByTestId("source-secret").textContent()) ?? "";
  expect(secret).toMatch(/^whsec_/);
  const row = section.getByRole("listitem", { name: "Maple Shopify (Shopify)" });
  const url = (await row.locator("code").first().textContent()) ?? "";
  expect(url).toMatch(new RegExp(`/api/webhooks/${tenant.tenantId}/sources/[0-9a-f]{24}$`));
  await section.getByRole("button", { name: "I have stored it" }).click();
  await expect(section.getByText(secret)).toHaveCount(0);

  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByTestId("kpi-orders")).toHaveText("0");
  // Any reload would reset this marker: its survival proves the page was updated in place.
  await page.evaluate(() => {
    (window as unknown as { stillHere: boolean }).stillHere = true;
  });
  const sample = sourceSampleFor("shopify", { orderNumber: "#4711", amount: "84.00", status: "paid" });
  const signature = signSourceDelivery("shopify", sourceOptionsSchemas.shopify.parse({}), secret, sample.body);
  const answer = await fetch(new URL(new URL(url).pathname, page.url()), {
    method: "POST",
    headers: { "content-type": "application/json", ...sample.headers, ...signature },
    body: sample.body,
  });
  expect(answer.status).toBe(201);

  await expect(page.getByTestId("kpi-orders")).toHaveText("1");
  await expect(page.getByTestId("recent-order").first()).toContainText("#4711");
  await expect(toasts(page, "New order #4711")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
});

test("a Shopify order refused under a mistyped secret is replayed once the right secret is pasted, and becomes one order", async ({
  page,
}) => {
  const tenant = await createTenant("Birch Goods");
  await signIn(page, tenant);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Sources" }).click();
  const section = page.getByRole("region", { name: "Sources" });
  await section.getByRole("button", { name: "Add source" }).click();
  const form = section.getByRole("form", { name: "Add source" });
  await form.getByLabel("Platform").selectOption("shopify");
  await form.getByLabel("Name").fill("Birch Shopify");
  // Copied from Shopify's admin with a character missing.
  await form.getByLabel("Secret (optional)").fill("shpss_4f1c9e0b7a2d");
  await form.getByRole("button", { name: "Add source" }).click();
  await expect(toasts(page, "Source added")).toBeVisible();
  const row = section.getByRole("listitem", { name: "Birch Shopify (Shopify)" });
  const url = (await row.locator("code").first().textContent()) ?? "";

  const rightSecret = "shpss_4f1c9e0b7a2d8";
  const sample = sourceSampleFor("shopify", { orderNumber: "#5120", amount: "36.00", status: "paid" });
  const signature = signSourceDelivery("shopify", sourceOptionsSchemas.shopify.parse({}), rightSecret, sample.body);
  const send = () =>
    fetch(new URL(new URL(url).pathname, page.url()), {
      method: "POST",
      headers: { "content-type": "application/json", ...sample.headers, ...signature },
      body: sample.body,
    });
  expect((await send()).status).toBe(401);

  await row.getByRole("button", { name: "Replace secret" }).click();
  const paste = section.getByRole("form", { name: "Replace the secret of Birch Shopify" });
  await paste.getByLabel("The platform's new secret (empty: generate one)").fill(rightSecret);
  await paste.getByRole("button", { name: "Save secret" }).click();
  await expect(toasts(page, "Secret replaced")).toBeVisible();

  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Deliveries" }).click();
  const refused = page.getByRole("list", { name: "Rejected deliveries" }).getByRole("listitem").first();
  await expect(refused).toContainText("signature_mismatch");
  await refused.getByRole("button", { name: "Replay" }).click();
  await expect(refused.getByRole("status")).toHaveText("Replayed: produced order.");
  await refused.getByRole("button", { name: "Replay" }).click();
  await expect(refused.getByRole("status")).toHaveText("Replayed: already recorded, nothing done twice.");
  // Shopify retrying the same delivery later is the same order again.
  expect((await send()).status).toBe(200);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Orders" }).click();
  await expect(page.getByTestId("order-row")).toHaveCount(1);
  await expect(page.getByTestId("order-row")).toContainText("#5120");
});
