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
