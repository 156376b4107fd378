import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { runCli, TEST_APP_SECRET } from "./app-process";

// Shared by the browser tests: a fresh tenant made with the CLI (as an operator would), its
// signed webhooks, and the shell's live parts every signed-in page shows.

export type Tenant = { tenantId: string; secret: string; email: string; password: string };

export async function createTenant(name: string, dataDir = process.env.E2E_DATA_DIR): Promise<Tenant> {
  const email = `staff-${randomUUID().slice(0, 8)}@example.com`;
  const result = await runCli(["tenant", "create", "--name", name, "--admin-email", email, "--json"], {
    DATA_DIR: dataDir,
    APP_SECRET: TEST_APP_SECRET,
  });
  expect(result.code, result.stderr).toBe(0);
  const created = JSON.parse(result.stdout) as { tenantId: string; webhookSecret: string; adminPassword: string };
  return { tenantId: created.tenantId, secret: created.webhookSecret, email, password: created.adminPassword };
}

export async function sendNotification(baseUrl: string, tenant: Tenant, fields: { title: string } & Record<string, unknown>) {
  const result = await sendWebhook({
    baseUrl,
    kind: "notifications",
    payload: { tenantId: tenant.tenantId, message: `${fields.title} — details`, type: "info", priority: "medium", ...fields },
    secret: tenant.secret,
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
}

/** Posts a signed sample order (a fresh order number unless given) for the tenant; expects it stored. */
export async function sendOrder(baseUrl: string, tenant: Tenant, fields: Record<string, unknown> = {}) {
  const result = await sendWebhook({
    baseUrl,
    kind: "orders",
    payload: sampleFor("orders", tenant.tenantId, { orderNumber: `ORD-${randomUUID().slice(0, 8)}`, ...fields }),
    secret: tenant.secret,
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
}

export const indicator = (page: Page) => page.getByRole("status").filter({ hasText: "Live updates:" });
export const bell = (page: Page) => page.getByRole("button", { name: /^Notifications, / });
export const badge = (page: Page) => page.getByTestId("unread-badge");
export const toasts = (page: Page, text: string) => page.locator("[data-sonner-toast]").filter({ hasText: text });
export const panel = (page: Page) => page.getByRole("dialog", { name: "Notifications", exact: true });

/** Signs in and waits until the tab has joined its tenant's room (the indicator says so). */
export async function signIn(page: Page, tenant: Tenant, unread = 0) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(tenant.email);
  await page.getByLabel("Password").fill(tenant.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(indicator(page)).toHaveText("Live updates: Live");
  await expect(bell(page)).toHaveAccessibleName(`Notifications, ${unread} unread`);
}
