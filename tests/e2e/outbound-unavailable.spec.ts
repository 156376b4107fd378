import { rmSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { freePort, type RunningApp, startApp, tempDir } from "../support/app-process";
import { createTenant, signIn } from "../support/e2e-fixtures";

// docs/outbound.md "Redis": with the outbound queue's Redis unreachable, Settings → Outbound endpoints says
// so. This needs a server of its own (the suite's has Redis): its own embedded database in a fresh
// folder, and OUTBOUND_REDIS_URL on a local port nothing listens on.

let app: RunningApp;
let dataDir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = tempDir("e2e-no-redis");
  const closedPort = await freePort();
  app = await startApp({ env: { DATA_DIR: dataDir, OUTBOUND_REDIS_URL: `redis://127.0.0.1:${closedPort}` } });
});
test.afterAll(async () => {
  await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("Settings → Outbound endpoints shows that outbound delivery is unavailable when its Redis cannot be reached", async ({
  browser,
}) => {
  const tenant = await createTenant("Alder Goods", dataDir);
  const context = await browser.newContext({ baseURL: app.baseUrl });
  try {
    const page = await context.newPage();
    await signIn(page, tenant);
    await page.goto("/settings/outbound");
    const section = page.getByRole("region", { name: "Endpoints" });
    await expect(section.getByRole("alert")).toContainText(
      "Outbound delivery is unavailable: its queue (Redis) cannot be reached. Incoming webhooks still work",
    );
    // Configuration does not need the queue: the section still lists endpoints and offers to add one.
    await expect(section.getByText("No endpoints yet.")).toBeVisible();
    await expect(section.getByRole("button", { name: "Add endpoint" })).toBeEnabled();
  } finally {
    await context.close();
  }
});
