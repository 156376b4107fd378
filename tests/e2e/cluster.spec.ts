import { rmSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { startEmbeddedDb } from "@/lib/storage/database/embedded";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { startApp, tempDir } from "../support/app-process";
import { backToTwo, workerPids } from "../support/cluster";
import { badge, indicator, sendNotification, signIn, toasts } from "../support/e2e-fixtures";
import { signUp } from "../support/http";
import { openMongo, tenantSecret } from "../support/webhooks";

// WEB_CONCURRENCY=2 (issue 15): a deploy stops the server processes one at a time. A staff member's
// tab is connected to one of them; whichever it is, the tab comes back on another, says "Live",
// and shows what arrives next.

test("a tab whose server process is stopped comes back on another, Live, and shows what arrives next", async ({ browser }) => {
  test.setTimeout(180_000);
  const dataDir = tempDir("e2e-cluster");
  const db = await startEmbeddedDb({ dataDir, advertise: false });
  const mongoUri = withDatabaseName(db.uri, "pulseboard_e2e_cluster");
  const app = await startApp({
    // Named, not inherited: each browser half runs on its own adapter, and several processes need this one.
    env: { MONGODB_URI: mongoUri, STORAGE: "mongodb", REDIS_URL: "redis://127.0.0.1:6379", WEB_CONCURRENCY: "2" },
  });
  const mongo = await openMongo(mongoUri);
  try {
    const owner = await signUp(app.baseUrl);
    const tenant = { ...owner, secret: await tenantSecret(mongo, owner.tenantId) };
    const context = await browser.newContext({ baseURL: app.baseUrl });
    const page = await context.newPage();
    let opened = 0;
    page.on("websocket", () => {
      opened += 1;
    });
    await signIn(page, tenant);
    await expect(indicator(page)).toHaveText("Live updates: Live");
    await sendNotification(app.baseUrl, tenant, { title: "Before the deploy" });
    await expect(badge(page)).toHaveText("1");
    const socketsBefore = opened;

    // Both processes the tab may be on, one after the other, each replaced before the next stops.
    for (const [index, pid] of workerPids(app).entries()) {
      process.kill(pid, "SIGTERM");
      await backToTwo(app, pid);
      await expect(indicator(page)).toHaveText("Live updates: Live", { timeout: 30_000 });
      const title = `After stop ${index + 1}`;
      await sendNotification(app.baseUrl, tenant, { title, priority: "urgent" });
      await expect(badge(page)).toHaveText(String(index + 2));
      await expect(toasts(page, title)).toBeVisible();
    }
    // The tab's own process was one of them: it opened a new connection.
    expect(opened).toBeGreaterThan(socketsBefore);
    await context.close();
  } finally {
    await mongo.close();
    await app.stop();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
