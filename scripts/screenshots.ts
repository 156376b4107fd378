import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { settingsPages } from "@/components/shell/settings-pages";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { runCli, startApp, TEST_APP_SECRET, tempDir } from "../tests/support/app-process";

// `npm run screenshots` (after `npm run build`): every page at desktop and phone width, with a
// little real traffic in a fresh workspace, saved under docs/screenshots/ for review.

const out = path.resolve("docs/screenshots");
// Light at both widths; dark (which follows the system) at the desktop's.
const viewports = {
  desktop: { viewport: { width: 1280, height: 860 }, colorScheme: "light" },
  phone: { viewport: { width: 375, height: 812 }, colorScheme: "light" },
  "desktop-dark": { viewport: { width: 1280, height: 860 }, colorScheme: "dark" },
} as const;
const pages = [
  { name: "sign-in", path: "/sign-in", signedIn: false },
  { name: "sign-up", path: "/sign-up", signedIn: false },
  { name: "dashboard", path: "/dashboard", signedIn: true },
  { name: "notifications", path: "/notifications", signedIn: true },
  { name: "orders", path: "/orders", signedIn: true },
  { name: "activity", path: "/activity", signedIn: true },
  ...settingsPages.map(({ href }) => ({ name: href.slice(1).replace("/", "-"), path: href, signedIn: true })),
];

async function main() {
  const dataDir = tempDir("screenshots");
  // A stand-in for the tenant's own system, so the outbound section shows real deliveries.
  const receiver = createServer((req, res) => req.resume().on("end", () => res.writeHead(200).end('{"received":true}')));
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
  const receiverPort = (receiver.address() as { port: number }).port;
  const app = await startApp({ env: { DATA_DIR: dataDir, OUTBOUND_ALLOW_PRIVATE: "true" } });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const email = "admin@screenshots.pulseboard.dev";
    const created = await runCli(["tenant", "create", "--name", "Northwind Goods", "--admin-email", email, "--json"], {
      DATA_DIR: dataDir,
      APP_SECRET: TEST_APP_SECRET,
    });
    if (created.code !== 0) throw new Error(created.stderr);
    const { tenantId, webhookSecret, adminPassword } = JSON.parse(created.stdout) as {
      tenantId: string;
      webhookSecret: string;
      adminPassword: string;
    };
    const endpoint = await runCli(
      [
        "endpoints",
        "add",
        `http://127.0.0.1:${receiverPort}/erp/webhooks`,
        "--tenant",
        tenantId,
        "--events",
        "order.created,payment.updated",
        "--description",
        "ERP sync",
        "--header",
        "X-Erp-Key:demo",
      ],
      // The stand-in receiver is on loopback, which a saved endpoint may only name with this flag.
      { DATA_DIR: dataDir, APP_SECRET: TEST_APP_SECRET, OUTBOUND_ALLOW_PRIVATE: "true" },
    );
    if (endpoint.code !== 0) throw new Error(endpoint.stderr);
    // The server reuses a tenant's endpoint list for up to WEBHOOK_CONFIG_CACHE_MS.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const send = (kind: "orders" | "payments" | "notifications", payload: Record<string, unknown>) =>
      sendWebhook({ baseUrl: app.baseUrl, kind, payload: { ...payload, tenantId }, secret: webhookSecret });
    for (const [i, customerName] of ["Ada Lovelace", "Grace Hopper", "Alan Turing"].entries()) {
      const orderNumber = `ORD-10${i}`;
      const order = await send("orders", sampleFor("orders", tenantId, { orderNumber, customerName, amount: 40 + i * 25 }));
      if (i === 0) pages.push({ name: "order", path: `/orders/${String(order.body.orderId)}`, signedIn: true });
      await send(
        "payments",
        sampleFor("payments", tenantId, { orderNumber, paymentId: `pay_${i}`, status: i === 2 ? "failed" : "paid" }),
      );
    }
    await send("notifications", sampleFor("notifications", tenantId));
    // A refusal, for the activity log and the deliveries debugger.
    await sendWebhook({
      baseUrl: app.baseUrl,
      kind: "orders",
      payload: sampleFor("orders", tenantId, { orderNumber: "ORD-999" }),
      secret: "whsec_bm90IHRoZSB0ZW5hbnQncyBzZWNyZXQ=",
    });

    mkdirSync(out, { recursive: true });
    for (const [label, { viewport, colorScheme }] of Object.entries(viewports)) {
      const context = await browser.newContext({ baseURL: app.baseUrl, viewport, colorScheme });
      const page = await context.newPage();
      for (const entry of pages.filter((p) => !p.signedIn)) await shoot(page, entry.path, `${entry.name}-${label}`);
      await page.goto("/sign-in");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(adminPassword);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/dashboard$/);
      // An admin's settings change, for the activity log (once: the session's cookie signs it).
      if (label === "desktop") {
        await page.request.patch("/api/webhooks/settings", {
          data: { webhookRetryAttempts: 5, webhookEndpoints: { payments: false } },
          headers: { origin: app.baseUrl },
        });
      }
      for (const entry of pages.filter((p) => p.signedIn)) await shoot(page, entry.path, `${entry.name}-${label}`);
      await context.close();
    }
    console.log(`Saved ${pages.length * Object.keys(viewports).length} screenshots in ${path.relative(process.cwd(), out)}/`);
  } finally {
    await browser.close();
    await app.stop();
    receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function shoot(page: Page, url: string, name: string) {
  await page.goto(url);
  await page.waitForLoadState("networkidle").catch(() => undefined);
  // Toasts come and go; the page is what is being reviewed.
  await page.evaluate(() => {
    for (const toast of document.querySelectorAll("[data-sonner-toaster]")) (toast as HTMLElement).style.display = "none";
  });
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
