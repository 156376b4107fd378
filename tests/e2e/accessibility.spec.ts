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

// Light at both widths; at the phone's, each page is checked again in dark (which follows the
// system, app/globals.css). Dark changes only colours, so that pass runs axe's colour rules, on the
// page as it is, instead of a third walk through every page.
const widths = [
  { name: "desktop", viewport: { width: 1280, height: 800 }, dark: false },
  { name: "phone", viewport: { width: 390, height: 844 }, dark: true },
] as const;
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const colourRules = ["color-contrast", "link-in-text-block"];

async function settled(page: Page) {
  // A control fading back from its disabled colour (a list refreshing live) would be measured
  // half-way.
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== "running"));
}

async function expectNoSevereViolations(page: Page, what: string, axe: AxeBuilder) {
  await settled(page);
  const results = await axe.analyze();
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

/** Every WCAG 2.1 A/AA rule in light; with `dark`, the colour rules again in dark, then light again. */
async function expectAccessible(page: Page, what: string, dark: boolean) {
  await expectNoSevereViolations(page, what, new AxeBuilder({ page }).withTags(tags));
  if (!dark) return;
  await page.emulateMedia({ colorScheme: "dark" });
  try {
    await expectNoSevereViolations(page, `${what} (dark)`, new AxeBuilder({ page }).withRules(colourRules));
  } finally {
    await page.emulateMedia({ colorScheme: "light" });
  }
}

for (const { name, viewport, dark } of widths) {
  test(`every page passes axe at ${name} width${dark ? ", in light and dark" : ""}`, async ({ browser, baseURL }) => {
    // Over twenty pages, each checked by axe: beside CI's other lane this took up to three minutes.
    test.setTimeout(360_000);
    const context = await browser.newContext({ viewport, baseURL, colorScheme: "light" });
    const page = await context.newPage();
    try {
      await page.goto("/sign-in");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
      await expectAccessible(page, "/sign-in", dark);
      await page.goto("/sign-up");
      await expect(page.getByRole("button", { name: /Create/ })).toBeVisible();
      await expectAccessible(page, "/sign-up", dark);

      const tenant = await createTenant(`Axe ${name}`);
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
      // Checked once they have faded in (expectAccessible waits): half-way through, any colour fails.
      await expectAccessible(page, "/dashboard with toasts", dark);

      await bell(page).click();
      await expect(panel(page)).toBeVisible();
      await expectAccessible(page, "the open bell panel", dark);
      await page.keyboard.press("Escape");

      const created = await page.request.post("/api/webhooks/endpoints", { data: { url: "https://erp.example.com/hooks" } });
      const { endpoint } = (await created.json()) as { endpoint: { id: string } };
      const settings = [...settingsPages.map(({ href }) => href), `/settings/outbound/${endpoint.id}`];
      for (const path of ["/orders", "/insights", "/alerts", "/notifications", "/activity", ...settings]) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expect(page.getByRole("main")).not.toContainText("Loading");
        await expectAccessible(page, path, dark);
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
      await expectAccessible(page, "the not-found page", dark);
      await page.getByRole("link", { name: "Back to the dashboard" }).click();
      await expect(page).toHaveURL(/\/dashboard$/);
      await page.getByRole("link", { name: orderNumber }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(orderNumber);
      await expectAccessible(page, "an order's page", dark);
    } finally {
      await context.close();
    }
  });
}
