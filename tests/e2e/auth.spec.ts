import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { runCli, TEST_APP_SECRET } from "../support/app-process";

const password = "correct-horse-battery";

test("sign up, sign out, sign in: the dashboard shows the tenant's name", async ({ page }) => {
  const email = `owner-${randomUUID().slice(0, 8)}@example.com`;
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Olivia Owner");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Workspace (store) name").fill("Juniper & Co");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("dashboard-tenant")).toHaveText("Juniper & Co");
  await expect(page.getByRole("combobox", { name: "Switch workspace" })).toHaveValue(/^[0-9a-f]{24}$/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("dashboard-tenant")).toHaveText("Juniper & Co");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText([
    "Dashboard",
    "Orders",
    "Insights",
    "Notifications",
    "Alerts",
    "Activity",
    "Settings",
  ]);
});

test("a new workspace shows its signing secret once, on the first visit to its webhook settings", async ({ page, baseURL }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Sam Starter");
  await page.getByLabel("Work email").fill(`starter-${randomUUID().slice(0, 8)}@example.com`);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Workspace (store) name").fill("Fresh Start");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  const tenantId = await page.getByRole("combobox", { name: "Switch workspace" }).inputValue();

  // The dashboard's first step leads to Settings → Inbound, where the secret is.
  await page.getByRole("link", { name: "Set up webhooks" }).click();
  await expect(page).toHaveURL(/\/settings\/inbound$/);
  const shown = page.getByTestId("first-secret");
  await expect(shown).toHaveText(/^whsec_/);
  // It is the real one: an order signed with it is accepted.
  const order = sampleFor("orders", tenantId, { orderNumber: `ORD-${randomUUID().slice(0, 8)}` });
  const sent = await sendWebhook({
    baseUrl: baseURL!,
    kind: "orders",
    payload: order,
    secret: (await shown.textContent()) ?? "",
  });
  expect(sent.status).toBe(201);

  await page.reload();
  await expect(page.getByRole("heading", { name: "Signing secret" })).toBeVisible();
  await expect(page.getByTestId("first-secret")).toHaveCount(0);
});

test("a wrong password shows an error and stays on the sign-in page", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("/dashboard without a session redirects to sign-in", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("a tenant created with the CLI can be signed into", async ({ page }) => {
  const email = `cli-${randomUUID().slice(0, 8)}@example.com`;
  const result = await runCli(["tenant", "create", "--name", "Fjord Supply", "--admin-email", email, "--json"], {
    DATA_DIR: process.env.E2E_DATA_DIR,
    APP_SECRET: TEST_APP_SECRET,
  });
  expect(result.code, result.stderr).toBe(0);
  const { adminPassword } = JSON.parse(result.stdout) as { adminPassword: string };

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("dashboard-tenant")).toHaveText("Fjord Supply");
});

test("a user of tenant A cannot switch to tenant B, in the UI or through the API", async ({ browser }) => {
  const signUp = async (tenantName: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill(tenantName);
    await page.getByLabel("Work email").fill(`${randomUUID().slice(0, 8)}@example.com`);
    await page.getByLabel("Password").fill(password);
    await page.getByLabel("Workspace (store) name").fill(tenantName);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByTestId("dashboard-tenant")).toHaveText(tenantName);
    const me = (await (await page.request.get("/api/me")).json()) as { tenant: { tenantId: string } };
    return { page, tenantId: me.tenant.tenantId };
  };
  const a = await signUp("Alder Goods");
  const b = await signUp("Birch Market");

  // The switcher offers only A's own tenants.
  await expect(a.page.getByRole("combobox", { name: "Switch workspace" }).locator("option")).toHaveText(["Alder Goods"]);

  const attempt = await a.page.request.post("/api/tenants/active", { data: { tenantId: b.tenantId } });
  expect(attempt.status()).toBe(404);
  await a.page.reload();
  await expect(a.page.getByTestId("dashboard-tenant")).toHaveText("Alder Goods");
  await expect(a.page.getByText("Birch Market")).toHaveCount(0);
});
