import { expect, test } from "@playwright/test";
import { createTenant, signIn, toasts } from "../support/e2e-fixtures";

// Settings → General as an admin sets up the store: its time zone and currency, which the
// dashboard follows at once.

test("the store's time zone and currency set in General are what the dashboard counts in", async ({ page }) => {
  const tenant = await createTenant("Sakura Supplies");
  await signIn(page, tenant);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "General", level: 1 })).toBeVisible();
  const store = page.getByRole("region", { name: "Store" });
  await expect(store.getByLabel("Time zone")).toHaveValue("");
  await store.getByLabel("Time zone").selectOption("Asia/Tokyo");
  await store.getByLabel("Currency").selectOption("JPY");
  await store.getByRole("button", { name: "Save changes" }).click();
  await expect(toasts(page, "Store settings saved")).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByText("Today in Asia/Tokyo (the store's time zone)")).toBeVisible();
  await expect(page.getByTestId("kpi-revenue")).toContainText("¥0");

  // Kept: a reload of General shows the store's choice.
  await page.goto("/settings/general");
  await expect(store.getByLabel("Time zone")).toHaveValue("Asia/Tokyo");
  await expect(store.getByLabel("Currency")).toHaveValue("JPY");
});
