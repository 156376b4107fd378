import { rmSync } from "node:fs";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { type RunningApp, startApp, tempDir } from "../support/app-process";
import { badge, bell, createTenant, indicator, panel, sendNotification, signIn, toasts } from "../support/e2e-fixtures";

// The notification center as staff use it: real webhooks signed with the tenant's secret, real
// sockets, real database. Every tenant is fresh, so counts start at zero.

async function openTab(page: Page, path = "/dashboard") {
  await page.goto(path);
  await expect(indicator(page)).toHaveText("Live updates: Live");
}

/** Two tabs of one signed-in browser, both live. */
async function openTwoTabs(context: BrowserContext, tenant: Parameters<typeof signIn>[1]): Promise<[Page, Page]> {
  const one = await context.newPage();
  await signIn(one, tenant);
  const two = await context.newPage();
  await openTab(two);
  return [one, two];
}

test("a signed webhook shows a toast and raises the badge within a second", async ({ page, baseURL }) => {
  const tenant = await createTenant("Larch Outfitters");
  await signIn(page, tenant);
  await expect(badge(page)).toHaveCount(0);

  const started = Date.now();
  await sendNotification(baseURL!, tenant, {
    title: "Low stock: wool socks",
    message: "Only 5 pairs left",
    type: "warning",
    priority: "urgent",
    actionUrl: "/products/socks",
    actionText: "Restock",
  });
  const left = () => Math.max(1, 1_000 - (Date.now() - started));
  const toast = toasts(page, "Low stock: wool socks");
  await expect(toast).toBeVisible({ timeout: left() });
  await expect(badge(page)).toHaveText("1", { timeout: left() });

  await expect(toast).toContainText("Only 5 pairs left");
  await expect(toast).toHaveAttribute("data-type", "warning");
  await expect(toast.getByRole("button", { name: "Restock" })).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");
});

test("the sample notification's link opens a page that exists: the stock warnings", async ({ page, baseURL }) => {
  const tenant = await createTenant("Rowan Rugs");
  await signIn(page, tenant);
  const sent = await sendWebhook({
    baseUrl: baseURL!,
    kind: "notifications",
    payload: sampleFor("notifications", tenant.tenantId),
    secret: tenant.secret,
  });
  expect(sent.status).toBe(201);
  // It used to link to /products/xyz, a bare 404: Pulseboard has no product pages.
  await toasts(page, "Low Stock Alert").getByRole("button", { name: "See stock warnings" }).click();
  await expect(page).toHaveURL(/\/notifications\?type=warning$/);
  await expect(page.getByLabel("Type")).toHaveValue("warning");
  await expect(page.getByRole("list", { name: "All notifications" }).getByRole("listitem")).toContainText(["Low Stock Alert"]);
});

test("marking read in one tab updates the badge in another tab", async ({ context, baseURL }) => {
  const tenant = await createTenant("Maple Provisions");
  const [one, two] = await openTwoTabs(context, tenant);

  await sendNotification(baseURL!, tenant, { title: "Order ORD-1" });
  await sendNotification(baseURL!, tenant, { title: "Order ORD-2" });
  await expect(badge(one)).toHaveText("2");
  await expect(badge(two)).toHaveText("2");

  await bell(one).click();
  await panel(one).getByRole("button", { name: 'Mark "Order ORD-1" as read' }).click();
  await expect(badge(two)).toHaveText("1");
  await expect(bell(two)).toHaveAccessibleName("Notifications, 1 unread");

  await panel(one).getByRole("button", { name: "Mark all read" }).click();
  await expect(badge(two)).toHaveCount(0);
  await expect(bell(two)).toHaveAccessibleName("Notifications, 0 unread");
  await expect(badge(one)).toHaveCount(0);
});

test("a user of another tenant sees nothing of it", async ({ browser, baseURL }) => {
  const aspen = await createTenant("Aspen Tools");
  const birch = await createTenant("Birch Bakery");
  const aspenPage = await (await browser.newContext({ baseURL })).newPage();
  const birchPage = await (await browser.newContext({ baseURL })).newPage();
  await signIn(aspenPage, aspen);
  await signIn(birchPage, birch);

  await sendNotification(baseURL!, aspen, { title: "Aspen payout failed", type: "error" });
  await expect(toasts(aspenPage, "Aspen payout failed")).toBeVisible();
  await expect(badge(aspenPage)).toHaveText("1");

  // Birch's tab handles events in order: once its own later notification is shown, Aspen's
  // would have been shown before it, had it been delivered.
  await sendNotification(baseURL!, birch, { title: "Birch order ORD-7" });
  await expect(toasts(birchPage, "Birch order ORD-7")).toBeVisible();
  await expect(toasts(birchPage, "Aspen payout failed")).toHaveCount(0);
  await expect(badge(birchPage)).toHaveText("1");
  await bell(birchPage).click();
  await expect(panel(birchPage).getByRole("listitem")).toHaveCount(1);
  await expect(panel(birchPage)).not.toContainText("Aspen");
});

test("the bell opens, moves and marks read with the keyboard alone", async ({ page, baseURL }) => {
  const tenant = await createTenant("Cedar Crafts");
  await signIn(page, tenant);
  await sendNotification(baseURL!, tenant, { title: "Keyboard first" });
  await sendNotification(baseURL!, tenant, { title: "Keyboard second" });
  await expect(badge(page)).toHaveText("2");

  for (let i = 0; i < 15 && !(await bell(page).evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(bell(page)).toBeFocused();
  await expect(bell(page)).toHaveAccessibleName("Notifications, 2 unread");
  await expect(bell(page)).toHaveAttribute("aria-expanded", "false");

  await page.keyboard.press("Enter");
  await expect(panel(page)).toBeVisible();
  await expect(bell(page)).toHaveAttribute("aria-expanded", "true");
  const rows = panel(page).getByRole("listitem");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toBeFocused();
  await expect(rows.first()).toContainText("Keyboard second");

  await page.keyboard.press("ArrowDown");
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(panel(page).getByRole("button", { name: 'Mark "Keyboard first" as read' })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(badge(page)).toHaveText("1");
  await expect(rows.nth(1)).toBeFocused();
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");

  // "Mark all read" by keyboard: the button has nothing left to do, yet keeps the focus in the
  // panel (it used to drop to the page, and Esc then no longer closed the panel).
  const markAll = panel(page).getByRole("button", { name: "Mark all read" });
  await markAll.focus();
  await page.keyboard.press("Enter");
  await expect(badge(page)).toHaveCount(0);
  await expect(markAll).toBeFocused();
  await expect(markAll).toHaveAttribute("aria-disabled", "true");

  await page.keyboard.press("Escape");
  await expect(panel(page)).toBeHidden();
  await expect(bell(page)).toBeFocused();
  await expect(bell(page)).toHaveAccessibleName("Notifications, 0 unread");
});

test("toasts stand aside while the bell panel is open, on a phone too, and show once it closes", async ({ browser, baseURL }) => {
  const tenant = await createTenant("Sorrel Socks");
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  try {
    await signIn(page, tenant);
    await bell(page).click();
    await expect(panel(page)).toBeVisible();
    await sendNotification(baseURL!, tenant, { title: "Arrived with the panel open", priority: "urgent" });
    await expect(panel(page).getByRole("listitem").first()).toContainText("Arrived with the panel open");
    await expect(toasts(page, "Arrived with the panel open")).toBeHidden();
    await page.keyboard.press("Escape");
    await expect(panel(page)).toBeHidden();
    // Urgent toasts stay until dismissed: this one was waiting behind the panel.
    await expect(toasts(page, "Arrived with the panel open")).toBeVisible();
  } finally {
    await context.close();
  }
});

test("with two tabs open, each notification is toasted once", async ({ context, baseURL }) => {
  const tenant = await createTenant("Dogwood Deli");
  const [one, two] = await openTwoTabs(context, tenant);

  const toastsOf = async (title: string) => (await toasts(one, title).count()) + (await toasts(two, title).count());
  for (const [index, title] of ["Two tabs A", "Two tabs B"].entries()) {
    // Urgent toasts stay until dismissed, so a count taken later still sees every toast shown.
    await sendNotification(baseURL!, tenant, { title, priority: "urgent" });
    // Both tabs have handled the event once both badges count it.
    await expect(badge(one)).toHaveText(String(index + 1));
    await expect(badge(two)).toHaveText(String(index + 1));
    await expect.poll(() => toastsOf(title)).toBe(1);
  }
  await expect.poll(() => toastsOf("Two tabs A")).toBe(1);
});

test("after a server restart the tab reconnects and shows what it missed, each once", async ({ browser }) => {
  test.setTimeout(240_000);
  const dataDir = tempDir("e2e-restart");
  let app: RunningApp | null = await startApp({ env: { DATA_DIR: dataDir } });
  const { port, baseUrl } = app;
  let other: RunningApp | null = null;
  try {
    const tenant = await createTenant("Elm Electronics", dataDir);
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    await signIn(page, tenant);
    await sendNotification(baseUrl, tenant, { title: "Before restart" });
    await expect(badge(page)).toHaveText("1");

    await app.stop();
    app = null;
    await expect(indicator(page)).toHaveText("Live updates: Reconnecting…");

    // While the tab's server is down, a second server on the same database takes the webhooks.
    other = await startApp({ env: { DATA_DIR: dataDir } });
    await sendNotification(other.baseUrl, tenant, { title: "While away 1" });
    await sendNotification(other.baseUrl, tenant, { title: "While away 2", priority: "urgent" });
    await other.stop();
    other = null;

    app = await startApp({ port, env: { DATA_DIR: dataDir } });
    await expect(indicator(page)).toHaveText("Live updates: Live", { timeout: 30_000 });
    await expect(badge(page)).toHaveText("3");
    await expect(toasts(page, "2 new notifications while you were away")).toBeVisible();
    await bell(page).click();
    await expect(panel(page).getByRole("listitem")).toHaveText([/While away 2/, /While away 1/, /Before restart/]);
    await context.close();
  } finally {
    await other?.stop();
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("the indicator leaves Live within 5 s of the connection going dead, says when it last heard, and comes back", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const dataDir = tempDir("e2e-heartbeat");
  const app = await startApp({ env: { DATA_DIR: dataDir } });
  try {
    const tenant = await createTenant("Hawthorn Hats", dataDir);
    const context = await browser.newContext({ baseURL: app.baseUrl, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, tenant);

    // The browser says it is offline: at once.
    await context.setOffline(true);
    await expect(indicator(page)).toHaveText("Live updates: Offline", { timeout: 1_000 });
    await context.setOffline(false);
    await expect(indicator(page)).toHaveText("Live updates: Live");

    // The server stops answering without closing anything (frozen, or a dead network path): only
    // the missing heartbeat can tell. It used to stay "Live" for 22 s.
    process.kill(app.pid, "SIGSTOP");
    try {
      await expect(indicator(page)).not.toHaveText("Live updates: Live", { timeout: 5_000 });
      await expect(page.getByTestId("last-heard")).toHaveText(/^last heard \d{1,2}:\d{2}:\d{2}/);
    } finally {
      process.kill(app.pid, "SIGCONT");
    }
    await expect(indicator(page)).toHaveText("Live updates: Live", { timeout: 20_000 });
    await expect(page.getByTestId("last-heard")).toHaveCount(0);
    await context.close();
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a brief drop that the server recovers is summed up in one toast, not a toast per missed notification", async ({
  page,
  baseURL,
}) => {
  const tenant = await createTenant("Quince Quilts");
  // The tab's socket passes through here, so that the test can cut it and hold the reconnection.
  let reconnect: Promise<void> = Promise.resolve();
  const cut: Array<() => void> = [];
  await page.route(/\/socket\.io\/.*transport=polling/, async (route) => {
    await reconnect;
    await route.continue();
  });
  await page.routeWebSocket(/\/socket\.io\//, async (ws) => {
    await reconnect;
    const server = ws.connectToServer();
    cut.push(() => {
      void ws.close();
      void server.close();
    });
  });
  await signIn(page, tenant);
  await expect.poll(() => cut.length).toBeGreaterThan(0);
  // What the tab has received tells the server where to resume: recovery needs one event seen.
  await sendNotification(baseURL!, tenant, { title: "Before the drop" });
  await expect(badge(page)).toHaveText("1");

  let release = () => {};
  reconnect = new Promise((resolve) => {
    release = resolve;
  });
  for (const drop of cut.splice(0)) drop();
  await expect(indicator(page)).toHaveText("Live updates: Reconnecting…");
  for (let i = 1; i <= 3; i++) await sendNotification(baseURL!, tenant, { title: `Missed ${i}` });
  release();

  await expect(indicator(page)).toHaveText("Live updates: Live");
  await expect(badge(page)).toHaveText("4");
  await expect(toasts(page, "3 new notifications while you were away")).toBeVisible();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: /Missed \d/ })).toHaveCount(0);
});

test("the notifications page filters, pages, acts in bulk and holds new arrivals behind a pill", async ({ page, baseURL }) => {
  const tenant = await createTenant("Fir & Fern");
  // Sent before signing in: a history to browse, not a burst of toasts.
  for (let i = 1; i <= 27; i++) {
    await sendNotification(baseURL!, tenant, { title: `Restock item ${i}`, type: i % 9 === 0 ? "error" : "info" });
  }
  await signIn(page, tenant, 27);
  await expect(badge(page)).toHaveText("27");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" }).click();
  const list = page.getByRole("list", { name: "All notifications" });
  const rows = list.getByRole("listitem");
  await expect(rows).toHaveCount(25);
  await expect(rows.first()).toContainText("Restock item 27");
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows).toHaveCount(27);
  await expect(rows.last()).toContainText("Restock item 1");
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);

  await page.getByLabel("Type").selectOption("error");
  await expect(rows).toHaveText([/Restock item 27/, /Restock item 18/, /Restock item 9/]);
  await expect(page).toHaveURL(/type=error/);
  await page.getByLabel("Select all").check();
  await page.getByRole("button", { name: "Mark read", exact: true }).click();
  await expect(badge(page)).toHaveText("24");
  await expect(rows.getByRole("button", { name: /^Mark unread/ })).toHaveCount(3);
  // The Unread tab, by keyboard from the selected All tab, once the bulk action has finished (the
  // tabs ignore keys while it runs: the list it acts on must not change under it).
  await expect(page.getByRole("tab", { name: "All" })).not.toHaveAttribute("aria-disabled", "true");
  await page.getByRole("tab", { name: "All" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: /Unread/ })).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(/tab=unread/);
  await expect(page.getByRole("heading", { name: "Nothing matches these filters" })).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page.getByRole("list", { name: "Unread notifications" }).getByRole("listitem")).toHaveCount(24);
  await page.getByRole("tab", { name: "All" }).click();
  await expect(rows).toHaveCount(25);

  // A new arrival waits behind the pill: the row being read does not move.
  await sendNotification(baseURL!, tenant, { title: "Arrived while reading" });
  const pill = page.getByRole("button", { name: "1 new" });
  await expect(pill).toBeVisible();
  await expect(rows.first()).toContainText("Restock item 27");
  await pill.click();
  await expect(rows.first()).toContainText("Arrived while reading");
  await expect(pill).toHaveCount(0);

  await list.getByRole("checkbox", { name: 'Select "Arrived while reading"' }).check();
  await list.getByRole("checkbox", { name: 'Select "Restock item 26"' }).check();
  await page.getByRole("button", { name: "Archive", exact: true }).click();
  await expect(list).not.toContainText("Arrived while reading");
  await expect(list).not.toContainText("Restock item 26");
  await expect(badge(page)).toHaveText("23");

  // The archive holds them, and brings one back: unread again, in the inbox again.
  await page.getByRole("tab", { name: "Archived" }).click();
  const archive = page.getByRole("list", { name: "Archived notifications" });
  await expect(archive.getByRole("listitem")).toHaveText([/Arrived while reading/, /Restock item 26/]);
  await archive.getByRole("button", { name: 'Unarchive "Arrived while reading"' }).click();
  await expect(archive.getByRole("listitem")).toHaveText([/Restock item 26/]);
  await expect(badge(page)).toHaveText("24");
  await page.getByRole("tab", { name: "All" }).click();
  await expect(rows.first()).toContainText("Arrived while reading");

  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(badge(page)).toHaveCount(0);
  await expect(page.getByText("0 unread")).toBeVisible();
});
