import { expect, type Page, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import type { EndpointView } from "@/lib/outbound/schemas";
import { createTenant, sendOrder, signIn, type Tenant, toasts } from "../support/e2e-fixtures";
import { startReceiver } from "../support/receiver";

// Settings → Outbound endpoints as an admin uses it: add an endpoint, keep its secret, send a test
// event the receiver can verify, read the attempt, disable it, and edit it on its own page.

async function openSettings(page: Page, tenant: Tenant) {
  await signIn(page, tenant);
  await page.goto("/settings/outbound");
  await expect(page.getByRole("heading", { name: "Outbound endpoints", level: 1 })).toBeVisible();
}

test("adds an endpoint, shows its secret once, delivers a verifiable test event and disables it", async ({ page }) => {
  const receiver = await startReceiver();
  try {
    const tenant = await createTenant("Juniper Outfitters");
    await openSettings(page, tenant);
    const section = page.getByRole("region", { name: "Endpoints" });
    await expect(section.getByText("No endpoints yet.")).toBeVisible();

    await section.getByRole("button", { name: "Add endpoint" }).click();
    const form = section.getByRole("form", { name: "Add endpoint" });
    await form.getByLabel("Endpoint URL").fill("not a url");
    await form.getByRole("button", { name: "Add endpoint" }).click();
    await expect(form.getByText("must be an absolute http(s) URL without credentials")).toBeVisible();
    // What a delivery would refuse (the cloud metadata address) is refused when saved.
    await form.getByLabel("Endpoint URL").fill("http://169.254.169.254/latest/meta-data/");
    await form.getByRole("button", { name: "Add endpoint" }).click();
    await expect(toasts(page, "Endpoint URL refused: 169.254.169.254 is a link-local, metadata")).toBeVisible();
    await expect(section.getByText("No endpoints yet.")).toBeVisible();

    await form.getByLabel("Endpoint URL").fill(receiver.url);
    await form.getByLabel("Description (optional)").fill("Warehouse");
    await form.getByRole("button", { name: "Add header" }).click();
    await form.getByLabel("Header 1 name").fill("X-Warehouse");
    await form.getByLabel("Header 1 value").fill("north");
    await form.getByRole("button", { name: "Add endpoint" }).click();
    await expect(toasts(page, "Endpoint added")).toBeVisible();
    const secret = (await section.getByRole("status").locator("code").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    await section.getByRole("button", { name: "I have stored it" }).click();
    await expect(section.getByText(secret)).toHaveCount(0);

    const row = section.getByRole("list", { name: "Outbound endpoints" }).getByRole("listitem").first();
    await expect(row).toContainText(receiver.url);
    await row.getByRole("button", { name: "Send test event" }).click();
    await expect(toasts(page, "Test event delivered: HTTP 200")).toBeVisible();
    const request = receiver.received[0];
    expect(request?.headers["x-warehouse"]).toBe("north");
    expect(new Webhook(secret).verify(request?.body ?? "", request?.headers as Record<string, string>)).toMatchObject({
      type: "test",
    });

    await row.getByRole("button", { name: "Recent deliveries" }).click();
    await expect(row.getByRole("list", { name: `Deliveries to ${receiver.url}` })).toContainText("succeeded");
    await page.reload();
    await expect(section.getByLabel("Delivery stats")).toContainText("Succeeded 1");

    // Each row's switch names its endpoint: "Enabled" alone would be ambiguous with several.
    await section.getByRole("switch", { name: `Enabled: ${receiver.url}`, exact: true }).click();
    await expect(toasts(page, "Endpoint disabled")).toBeVisible();
    await expect(section.getByRole("switch", { name: `Enabled: ${receiver.url}`, exact: true })).not.toBeChecked();
    // The switch's visible word follows it (it used to read "Enabled" while off).
    await expect(section.getByText("Disabled", { exact: true })).toBeVisible();
    await expect(section.getByText("Enabled", { exact: true })).toHaveCount(0);
    await expect(section.getByRole("button", { name: "Send test event" })).toBeDisabled();
  } finally {
    await receiver.close();
  }
});

test("follows endpoint changes made elsewhere, and an endpoint disabled by its 410, without a reload", async ({
  page,
  baseURL,
}) => {
  // The receiver answers 410 Gone, which disables its endpoint at the first delivery.
  const receiver = await startReceiver(() => ({ status: 410, body: "gone" }));
  try {
    const tenant = await createTenant("Birchwood Supply");
    await openSettings(page, tenant);
    const section = page.getByRole("region", { name: "Endpoints" });
    await expect(section.getByText("No endpoints yet.")).toBeVisible();

    // Changes through the API, as another admin or a script would make them; the page is never reloaded.
    const created = await page.request.post("/api/webhooks/endpoints", { data: { url: receiver.url, description: "Dock" } });
    expect(created.status()).toBe(201);
    const { endpoint } = (await created.json()) as { endpoint: EndpointView };
    const row = section.getByRole("list", { name: "Outbound endpoints" }).getByRole("listitem").filter({ hasText: "Dock" });
    const toggle = section.getByRole("switch", { name: `Enabled: ${receiver.url}`, exact: true });
    await expect(row).toContainText(receiver.url);
    await expect(toggle).toBeChecked();

    for (const enabled of [false, true]) {
      const patched = await page.request.patch(`/api/webhooks/endpoints/${endpoint.id}`, { data: { enabled } });
      expect(patched.status()).toBe(200);
      if (enabled) await expect(toggle).toBeChecked();
      else await expect(toggle).not.toBeChecked();
      await expect(row.getByText("Disabled", { exact: true })).toHaveCount(enabled ? 0 : 1);
    }

    await sendOrder(baseURL ?? "", tenant);
    await expect(row.getByText("Disabled: the endpoint answered 410 Gone")).toBeVisible();
    await expect(toggle).not.toBeChecked();
    await expect(row.getByLabel("Delivery stats")).toContainText("Failed 1");

    const removed = await page.request.delete(`/api/webhooks/endpoints/${endpoint.id}`);
    expect(removed.status()).toBe(200);
    await expect(section.getByText("No endpoints yet.")).toBeVisible();
    await expect(toggle).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});

test("edits every field of an endpoint on its own page, choosing events from the catalog", async ({ page }) => {
  const receiver = await startReceiver();
  try {
    const tenant = await createTenant("Rowan Rugs");
    await signIn(page, tenant);
    // Old links still land: Settings → Webhooks is now Settings → Inbound, and its outbound section
    // (where "endpoint disabled" notifications used to point) is Settings → Outbound endpoints.
    await page.goto("/settings/webhooks");
    await expect(page).toHaveURL(/\/settings\/inbound$/);
    await page.goto("/settings/webhooks#outbound-title");
    await expect(page).toHaveURL(/\/settings\/outbound$/);
    const created = await page.request.post("/api/webhooks/endpoints", {
      data: { url: `${receiver.url}/old`, description: "ERP" },
    });
    expect(created.status()).toBe(201);
    const { endpoint } = (await created.json()) as { endpoint: EndpointView };

    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Outbound endpoints" }).click();
    await page.getByRole("link", { name: `Open ${receiver.url}/old` }).click();
    await expect(page).toHaveURL(new RegExp(`/settings/outbound/${endpoint.id}$`));
    await expect(page.getByRole("heading", { name: "ERP", level: 1 })).toBeVisible();

    await page.getByRole("button", { name: "Edit URL, events, headers and batching" }).click();
    const form = page.getByRole("form", { name: "Edit endpoint" });
    await expect(form.getByLabel("Endpoint URL")).toHaveValue(`${receiver.url}/old`);
    await form.getByLabel("Endpoint URL").fill(receiver.url);
    await form.getByLabel("Description (optional)").fill("ERP (new)");
    await form.getByLabel("All events (including ones added later)").uncheck();
    // Each event type says what it means and shows the body it would receive.
    const types = form.getByRole("list", { name: "Event types" });
    await expect(types.getByRole("listitem").filter({ hasText: "payment.updated" })).toContainText("A payment webhook");
    await types.getByText("Example body of payment.updated").click();
    await expect(types.getByText('"type": "payment.updated"')).toBeVisible();
    await types.getByLabel(/^order\.created/).uncheck();
    await types.getByLabel(/^payment\.updated/).check();
    await form.getByRole("button", { name: "Add header" }).click();
    await form.getByLabel("Header 1 name").fill("X-Erp-Key");
    await form.getByLabel("Header 1 value").fill("k-1");
    await form.getByLabel(/^Batch events/).check();
    await form.getByLabel("Max events per delivery").fill("5");
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(toasts(page, "Endpoint saved")).toBeVisible();

    // What the API now says is what the form saved.
    const after = (await (await page.request.get(`/api/webhooks/endpoints/${endpoint.id}`)).json()) as { endpoint: EndpointView };
    expect(after.endpoint).toMatchObject({
      url: receiver.url,
      description: "ERP (new)",
      eventTypes: ["payment.updated"],
      headers: { "X-Erp-Key": "k-1" },
      batch: { maxEvents: 5, maxWaitMs: 5000 },
      enabled: true,
    });
    const card = page.getByRole("region", { name: "Endpoint", exact: true });
    await expect(card).toContainText(receiver.url);
    await expect(card).toContainText("payment.updated · batches of ≤ 5, ≤ 5000 ms · headers: X-Erp-Key");

    // The test event shows up among the page's deliveries, without opening anything.
    await card.getByRole("button", { name: "Send test event" }).click();
    await expect(toasts(page, "Test event delivered: HTTP 200")).toBeVisible();
    await expect(card.getByRole("list", { name: `Deliveries to ${receiver.url}` })).toContainText("succeeded");
    expect(receiver.received.at(-1)?.headers["x-erp-key"]).toBe("k-1");

    // Removing it from its page goes back to the list, now empty; its page is then the app's not-found page.
    page.once("dialog", (dialog) => void dialog.accept());
    await card.getByRole("button", { name: "Remove" }).click();
    await expect(page).toHaveURL(/\/settings\/outbound$/);
    await expect(page.getByRole("region", { name: "Endpoints" }).getByText("No endpoints yet.")).toBeVisible();
    await page.goto(`/settings/outbound/${endpoint.id}`);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  } finally {
    await receiver.close();
  }
});

test("retries the picked failed delivery, narrows the log by outcome and delivery id, then retries everything that failed in the last hour", async ({
  page,
  baseURL,
}) => {
  let healthy = false;
  const receiver = await startReceiver(() => ({ status: healthy ? 200 : 503 }));
  try {
    const tenant = await createTenant("Juniper Outfitters");
    await openSettings(page, tenant);
    const section = page.getByRole("region", { name: "Endpoints" });
    await section.getByRole("button", { name: "Add endpoint" }).click();
    const form = section.getByRole("form", { name: "Add endpoint" });
    await form.getByLabel("Endpoint URL").fill(receiver.url);
    await form.getByRole("button", { name: "Add endpoint" }).click();
    await section.getByRole("button", { name: "I have stored it" }).click();
    const row = section.getByRole("list", { name: "Outbound endpoints" }).getByRole("listitem").first();

    await sendOrder(baseURL!, tenant);
    await sendOrder(baseURL!, tenant);
    await row.getByRole("button", { name: "Recent deliveries" }).click();
    const deliveries = row.getByRole("list", { name: `Deliveries to ${receiver.url}` }).locator(":scope > li");
    // Each runs out of its automatic retries; the open list follows without a reload.
    await expect(deliveries).toHaveCount(2);
    await expect(deliveries.filter({ hasText: /^\s*503\s*failed/ })).toHaveCount(2, { timeout: 20_000 });

    healthy = true;
    await deliveries.first().getByRole("checkbox").check();
    await row.getByRole("button", { name: "Retry selected (1)" }).click();
    await expect(toasts(page, "1 delivery queued again")).toBeVisible();
    await expect(deliveries.filter({ hasText: "succeeded" })).toHaveCount(1);

    // Narrowed to what failed, then found by the failed one's delivery id; cleared again.
    await row.getByLabel("Outcome").selectOption("failed");
    await expect(deliveries).toHaveCount(1);
    const failedId = (await deliveries.first().getByRole("checkbox").getAttribute("aria-label"))?.replace("Select delivery ", "");
    await row.getByLabel("Delivery or event id").fill(failedId ?? "");
    await row.getByLabel("Delivery or event id").press("Enter");
    await expect(deliveries).toHaveCount(1);
    await row.getByLabel("Outcome").selectOption("succeeded");
    await expect(row.getByText("No delivery matches.")).toBeVisible();
    await row.getByLabel("Delivery or event id").fill("");
    await row.getByLabel("Delivery or event id").press("Enter");
    await row.getByLabel("Outcome").selectOption("");
    await expect(deliveries).toHaveCount(2);

    await row.getByLabel("Failed in").selectOption("1h");
    await row.getByRole("button", { name: "Retry failed" }).click();
    await expect(toasts(page, "1 delivery queued again").last()).toBeVisible();
    await expect(deliveries.filter({ hasText: "succeeded" })).toHaveCount(2);
    await expect(row.getByRole("button", { name: "Retry selected (0)" })).toBeDisabled();
  } finally {
    await receiver.close();
  }
});
