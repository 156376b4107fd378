import { io } from "socket.io-client";
import { describe, expect, inject, it } from "vitest";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { api, type Session, signUp, uniqueEmail } from "../support/http";
import { suiteMongo, tenantSecret, uniqueOrder } from "../support/webhooks";

// The cross-site findings of issue 19, sent exactly as the attacker's page sent them: a page on
// another port of the same host, with the admin signed in, using fetch(..., {mode: "no-cors",
// credentials: "include"}), which may send `text/plain` bodies without a preflight.

const baseUrl = inject("baseUrl");
const mongo = suiteMongo();
const attackerOrigin = baseUrl.replace(/:(\d+)$/, (_, port) => `:${Number(port) + 1}`);

function crossSite(
  session: Session,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  return fetch(`${baseUrl}${path}`, {
    method: init.method ?? "POST",
    headers: {
      cookie: session.cookie,
      origin: attackerOrigin,
      "sec-fetch-site": "same-site",
      "content-type": "text/plain; x=application/json",
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function snapshot(session: Session) {
  const read = async (path: string) => (await (await api(session, path)).json()) as Record<string, unknown[]>;
  const [keys, members, endpoints, settings] = await Promise.all([
    read("/api/api-keys"),
    read("/api/members"),
    read("/api/webhooks/endpoints"),
    read("/api/webhooks/settings"),
  ]);
  return {
    keys: keys.keys,
    members: members.members,
    invitations: members.invitations,
    endpoints: endpoints.endpoints,
    settings: settings.settings,
  };
}

describe("cross-site writes with the admin's cookie", () => {
  it("refuses the four writes of the finding (API key, admin, outbound endpoint, secret rotation) and changes nothing", async () => {
    const admin = await signUp(baseUrl);
    const before = await snapshot(admin);
    const attempts = [
      crossSite(admin, "/api/api-keys", { body: { name: "attacker" } }),
      crossSite(admin, "/api/members", { body: { email: uniqueEmail("attacker"), role: "admin" } }),
      crossSite(admin, "/api/webhooks/endpoints", { body: { url: "https://attacker.example/hook", eventTypes: ["*"] } }),
      crossSite(admin, "/api/webhooks/settings/generate-secret"),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ success: false, code: "forbidden" });
    }
    expect(await snapshot(admin)).toEqual(before);
    // The signing secret was not rotated: a delivery signed with it is still accepted.
    const secret = await tenantSecret(mongo(), admin.tenantId);
    const sent = await sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(admin.tenantId) as never, secret });
    expect(sent.status).toBe(201);
  });

  it("refuses a foreign page however it names itself: Origin, Sec-Fetch-Site alone, Referer alone, or Origin null", async () => {
    const admin = await signUp(baseUrl);
    const json = { "content-type": "application/json" };
    const variants: Array<Record<string, string>> = [
      { ...json, origin: attackerOrigin },
      { ...json, origin: "null" },
      { ...json, origin: "", "sec-fetch-site": "cross-site" },
      { ...json, origin: "", "sec-fetch-site": "", referer: `${attackerOrigin}/attack.html` },
    ];
    for (const headers of variants) {
      const cleaned = Object.fromEntries(Object.entries({ cookie: admin.cookie, ...headers }).filter(([, v]) => v !== ""));
      const response = await fetch(`${baseUrl}/api/api-keys`, {
        method: "POST",
        headers: cleaned,
        body: JSON.stringify({ name: "x" }),
      });
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    const keys = (await (await api(admin, "/api/api-keys")).json()) as { keys: unknown[] };
    expect(keys.keys).toHaveLength(0);
  });

  it("answers 415 to a same-origin body that is not exactly application/json", async () => {
    const admin = await signUp(baseUrl);
    for (const type of [
      "text/plain; x=application/json",
      "application/jsonx",
      "application/json, text/plain",
      "multipart/form-data",
    ]) {
      const response = await api(admin, "/api/api-keys", {
        method: "POST",
        headers: { "content-type": type },
        body: '{"name":"k"}',
      });
      expect(response.status, type).toBe(415);
    }
    const ok = await api(admin, "/api/api-keys", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: '{"name":"k"}',
    });
    expect(ok.status).toBe(201);
  });

  it("guards better-auth's own routes and the webhook hot path the same way", async () => {
    const admin = await signUp(baseUrl);
    const signIn = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { origin: attackerOrigin, "content-type": "application/json" },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    expect(signIn.status).toBe(403);
    const formSignIn = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: admin.email, password: admin.password }).toString(),
    });
    expect(formSignIn.status).toBe(415);
    const webhook = await fetch(`${baseUrl}/api/webhooks/${admin.tenantId}/orders`, {
      method: "POST",
      headers: { "content-type": "text/plain; x=application/json" },
      body: JSON.stringify(uniqueOrder(admin.tenantId)),
    });
    expect(webhook.status).toBe(415);
  });

  it("lets API-key callers (no cookie) through whatever Origin they send, and server-side clients without one", async () => {
    const admin = await signUp(baseUrl);
    const created = (await (
      await api(admin, "/api/api-keys", { method: "POST", body: JSON.stringify({ name: "integration" }) })
    ).json()) as { key: string };
    const byKey = await fetch(`${baseUrl}/api/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${created.key}`, origin: attackerOrigin, "content-type": "application/json" },
      body: JSON.stringify({ title: "From a key", message: "hello" }),
    });
    expect(byKey.status).toBe(201);
    const noBrowser = await fetch(`${baseUrl}/api/notifications/mark-all-read`, {
      method: "POST",
      headers: { cookie: admin.cookie },
    });
    expect(noBrowser.status).toBe(200);
  });
});

describe("Socket.IO handshakes", () => {
  const connect = (cookie: string, origin?: string) =>
    new Promise<{ ok: boolean; error?: string }>((resolve) => {
      const socket = io(baseUrl, {
        transports: ["websocket"],
        reconnection: false,
        extraHeaders: { cookie, ...(origin ? { origin } : {}) },
      });
      socket.once("connect", () => {
        socket.close();
        resolve({ ok: true });
      });
      socket.once("connect_error", (error) => {
        socket.close();
        resolve({ ok: false, error: error.message });
      });
    });

  it("refuses a handshake from another origin with the admin's cookie, and accepts the app's own", async () => {
    const admin = await signUp(baseUrl);
    expect((await connect(admin.cookie, attackerOrigin)).ok).toBe(false);
    expect((await connect(admin.cookie, "null")).ok).toBe(false);
    expect((await connect(admin.cookie, baseUrl)).ok).toBe(true);
    expect((await connect(admin.cookie)).ok).toBe(true);
  });
});

describe("links built from input", () => {
  it.each([
    "/\t/evil.example/x",
    "/\n/evil.example/x",
    "/\r/evil.example/x",
    "/\\evil.example/x",
    "//evil.example/x",
    "javascript:alert(1)",
    "http://evil.example/x",
  ])("refuses the actionUrl %j with a 400 naming the field, through the webhook and the API", async (actionUrl) => {
    const admin = await signUp(baseUrl);
    const secret = await tenantSecret(mongo(), admin.tenantId);
    const payload = { tenantId: admin.tenantId, title: "Hi", message: "there", actionUrl };
    const sent = await sendWebhook({ baseUrl, kind: "notifications", payload, secret });
    expect(sent.status).toBe(400);
    expect(JSON.stringify(sent.body)).toContain("actionUrl");
    const viaApi = await api(admin, "/api/notifications", {
      method: "POST",
      body: JSON.stringify({ title: "Hi", message: "x", actionUrl }),
    });
    expect(viaApi.status).toBe(400);
  });

  it("keeps relative paths and https links working", async () => {
    const admin = await signUp(baseUrl);
    for (const actionUrl of ["/orders/abc?x=1#top", "https://shop.example/products/1"]) {
      const response = await api(admin, "/api/notifications", {
        method: "POST",
        body: JSON.stringify({ title: "Hi", message: "x", actionUrl }),
      });
      expect(response.status).toBe(201);
      expect(((await response.json()) as { notification: { actionUrl: string } }).notification.actionUrl).toBe(actionUrl);
    }
  });
});
