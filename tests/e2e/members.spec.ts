import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { createTenant, signIn, type Tenant, toasts } from "../support/e2e-fixtures";

// Settings → Members and Settings → API keys as an owner uses them, against the real server: people
// join with a role and change it, keys are shown once and stop working when revoked, members only look.

async function openMembers(page: Page, tenant: Tenant, name: "Members" | "API keys" = "Members") {
  await signIn(page, tenant);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
}

const memberRow = (page: Page, email: string) =>
  page.getByRole("list", { name: "Members" }).getByRole("listitem", { name: email });

test("an owner adds an existing account as admin, then makes them a member", async ({ page }) => {
  const owner = await createTenant("Juniper Jewelry");
  const teammate = await createTenant("Kale Kitchen");
  await openMembers(page, owner);

  await page.getByLabel("Email").fill(teammate.email);
  await page.getByLabel("Role", { exact: true }).selectOption("admin");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(toasts(page, `${teammate.email} added as admin`)).toBeVisible();
  const role = memberRow(page, teammate.email).getByLabel(`Role of ${teammate.email}`);
  await expect(role).toHaveValue("admin");

  await role.selectOption("member");
  await expect(toasts(page, `${teammate.email} is now member`)).toBeVisible();
  await page.reload();
  await expect(memberRow(page, teammate.email).getByLabel(`Role of ${teammate.email}`)).toHaveValue("member");
  // The only owner can be neither demoted nor removed, so the page does not offer it.
  await expect(memberRow(page, owner.email).getByLabel(`Role of ${owner.email}`)).toBeDisabled();
  await expect(memberRow(page, owner.email).getByRole("button", { name: "Leave the workspace" })).toBeDisabled();
});

test("an API key is shown once, works against the API, and answers 401 once revoked", async ({ page, baseURL }) => {
  const owner = await createTenant("Laurel Linens");
  await openMembers(page, owner, "API keys");
  await page.getByLabel("Key name").fill("E2E sync");
  await page.getByRole("button", { name: "Create key" }).click();
  const revealed = page.getByTestId("new-api-key");
  await expect(revealed).toHaveText(/^pb_\S+$/);
  const key = (await revealed.textContent()) ?? "";

  const withKey = () => fetch(`${baseURL}/api/notifications`, { headers: { authorization: `Bearer ${key}` } });
  expect((await withKey()).status).toBe(200);

  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  expect(await page.content()).not.toContain(key);
  const row = page.getByRole("list", { name: "API keys" }).getByRole("listitem", { name: "E2E sync" });
  await expect(row).toContainText(`created by ${owner.email}`);
  await expect(row).not.toContainText("Last used never");

  // By keyboard: the confirmation opens on Enter and Escape backs out without revoking.
  await row.getByRole("button", { name: "Revoke E2E sync" }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: 'Revoke the key "E2E sync"?' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect((await withKey()).status).toBe(200);

  await row.getByRole("button", { name: "Revoke E2E sync" }).click();
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(toasts(page, 'API key "E2E sync" revoked')).toBeVisible();
  await expect(page.getByRole("list", { name: "API keys" })).toHaveCount(0);
  expect((await withKey()).status).toBe(401);
});

test("an invitee joins through the link as a member and sees the page read-only, on a phone", async ({ page, browser }) => {
  const owner = await createTenant("Maple Market");
  await openMembers(page, owner);
  const email = `invitee-${randomUUID().slice(0, 8)}@example.com`;
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Add member" }).click();
  const link = (await page.getByTestId("invite-link").textContent()) ?? "";
  expect(link).toContain("/invite/");
  await expect(page.getByRole("list", { name: "Pending invitations" }).getByRole("listitem", { name: email })).toBeVisible();

  const phone = await browser.newContext({ viewport: { width: 375, height: 812 } });
  const invitee = await phone.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: "Join Maple Market" })).toBeVisible();
  await invitee.getByLabel("Your name").fill("Nia Invitee");
  await invitee.getByLabel("Choose a password").fill("a-long-password");
  await invitee.getByRole("button", { name: "Create account and join Maple Market" }).click();
  await expect(invitee).toHaveURL(/\/dashboard$/);

  await invitee.goto("/settings/members");
  await expect(invitee.getByRole("note")).toContainText("only owners and admins can add, change or remove");
  await expect(memberRow(invitee, owner.email)).toContainText("Owner");
  await expect(memberRow(invitee, email)).toContainText("Member");
  const main = invitee.getByRole("main");
  await expect(main.getByRole("combobox")).toHaveCount(0);
  await expect(main.getByRole("button", { name: /Add member|Create key|Remove|Revoke/ })).toHaveCount(0);
  expect(await invitee.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await phone.close();

  // The owner's page no longer lists the used invitation.
  await page.reload();
  await expect(page.getByText("No invitations waiting.")).toBeVisible();
});
