import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { settingsPages } from "@/components/shell/settings-pages";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { bell, createTenant, panel, sendNotification, signIn, toasts } from "../support/e2e-fixtures";

// Every page, at desktop and phone width, checked by axe against WCAG 2.1 A and AA: a serious or
// critical violation fails the suite (a phone's icon-only Sign out had no name; a green toast had
// 4.25:1 contrast). Pages are filled with a little real traffic, so lists and badges are checked too.

// Light at both widths, and dark (which follows the system, app/globals.css) at the phone's.
const widths = [
  { name: "desktop", viewport: { width: 1280, height: 800 }, colorScheme: "light" },
  { name: "phone", viewport: { width: 390, height: 844 }, colorScheme: "light" },
  { name: "phone, dark", viewport: { width: 390, height: 844 }, colorScheme: "dark" },
] as const;

async function expectAccessible(page: Page, what: string) {
  // A settled page: a control fading back from its disabled colour (a list refreshing live) would
  // be measured half-way.
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== "running"));
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const severe = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => `${node.target.join(" ")} — ${node.failureSummary ?? ""}`),
    }));
  expect(severe, `${what}: ${JSON.stringify(severe, null, 2)}`).toEqual([]);
}

for (const { name, viewport, colorScheme } of widths) {
  test(`every page passes axe at ${name} width`, async ({ browser, baseURL }) => {
    // Over twenty pages, each checked by axe: beside CI's other lane this took up to three minutes.
    test.setTimeout(360_000);
    const context = await browser.newContext({ viewport, baseURL, colorScheme });
    const page = await context.newPage();
    try {
      await page.goto("/sign-in");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
      await expectAccessible(page, "/sign-in");
      await page.goto("/sign-up");
      await expect(page.getByRole("button", { name: /Create/ })).toBeVisible();
      await expectAccessible(page, "/sign-up");

      const tenant = await createTenant(`Axe ${name.replace(",", "")}`);
      const orderNumber = `ORD-${randomUUID().slice(0, 8)}`;
      const order = await sendWebhook({
        baseUrl: baseURL!,
        kind: "orders",
        payload: sampleFor("orders", tenant.tenantId, { orderNumber }),
        secret: tenant.secret,
      });
      expect(order.status).toBe(201);
      await sendNotification(baseURL!, tenant, { title: "Before sign-in", type: "warning" });
      // The order raised a notification of its own.
      await signIn(page, tenant, 2);

      // A toast of each colour, on screen while the dashboard is checked.
      for (const type of ["success", "error", "warning", "info"]) {
        await sendNotification(baseURL!, tenant, { title: `A ${type} toast`, type, priority: "urgent" });
        await expect(toasts(page, `A ${type} toast`)).toBeVisible();
      }
      // Checked once they have faded in: half-way through, any colour fails.
      await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== "running"));
      await expectAccessible(page, "/dashboard with toasts");

      await bell(page).click();
      await expect(panel(page)).toBeVisible();
      await expectAccessible(page, "the open bell panel");
      await page.keyboard.press("Escape");

      const created = await page.request.post("/api/webhooks/endpoints", { data: { url: "https://erp.example.com/hooks" } });
      const { endpoint } = (await created.json()) as { endpoint: { id: string } };
      const settings = [...settingsPages.map(({ href }) => href), `/settings/outbound/${endpoint.id}`];
      for (const path of ["/orders", "/insights", "/alerts", "/notifications", "/activity", ...settings]) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expect(page.getByRole("main")).not.toContainText("Loading");
        await expectAccessible(page, path);
        // The tab bars scroll sideways on a phone: the current page's tab is in view, in each.
        const current = page.getByRole("navigation", { name: "Main" }).locator("[aria-current]");
        await expect(current).toBeInViewport({ ratio: 0.9 });
        if (path.startsWith("/settings/"))
          await expect(page.getByRole("navigation", { name: "Settings" }).locator("[aria-current]")).toBeInViewport({
            ratio: 0.9,
          });
        // One link at most says "this page" (a section's link says "current" instead).
        await expect(page.locator("a[aria-current=page]")).toHaveCount(
          settingsPages.some(({ href }) => href === path) || !path.startsWith("/settings/") ? 1 : 0,
        );
      }

      // A link that leads nowhere lands on a page inside the shell, with a way back.
      const missing = await page.goto("/products/xyz");
      expect(missing?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      await expectAccessible(page, "the not-found page");
      await page.getByRole("link", { name: "Back to the dashboard" }).click();
      await expect(page).toHaveURL(/\/dashboard$/);
      await page.getByRole("link", { name: orderNumber }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(orderNumber);
      await expectAccessible(page, "an order's page");
    } finally {
      await context.close();
    }
  });
}
