import { randomUUID } from "node:crypto";
import { type MongoClient, ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AlertView } from "@/lib/alerts/schemas";
import type { EndpointView } from "@/lib/outbound/schemas";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sourceSampleFor } from "@/lib/sources/samples";
import { sourceOptionsSchemas } from "@/lib/sources/schemas";
import { signSourceDelivery } from "@/lib/sources/sign-source-delivery";
import { type RunningApp, startApp } from "../support/app-process";
import { api, type Session, signUp } from "../support/http";
import { addMember } from "../support/members";
import { startReceiver, waitFor } from "../support/receiver";
import { openMongo, tenantSecret, tenantSocket, uniqueOrder } from "../support/webhooks";

// Alerts (issue 16) through a real server, the real queue and real receivers on loopback: an
// endpoint's failure streak, its disabling, and refused deliveries in bulk each open one urgent
// alert for the tenant's owners and admins, which resolves when the cause clears or an admin
// resolves it, logged either way. Its own database and server: loopback receivers are allowed
// here, and the thresholds are low.

const mongoUri = (() => {
  const url = new URL(inject("mongoUri"));
  url.pathname = `/pulseboard_alerts_${randomUUID().slice(0, 8)}`;
  return url.toString();
})();
const STREAK = 3;
const THRESHOLD = 5;
const REJECTIONS = 4;
let app: RunningApp;
let mongo: MongoClient;
const receivers: Array<{ close: () => Promise<void> }> = [];

beforeAll(async () => {
  mongo = await openMongo(mongoUri);
  app = await startApp({
    env: {
      MONGODB_URI: mongoUri,
      REDIS_PREFIX: `pbtest-alerts-${randomUUID().slice(0, 8)}`,
      OUTBOUND_ALLOW_PRIVATE: "true",
      OUTBOUND_RETRY_BASE_MS: "50",
      OUTBOUND_FAILURE_THRESHOLD: String(THRESHOLD),
      ALERT_FAILURE_STREAK: String(STREAK),
      ALERT_REJECTIONS: String(REJECTIONS),
      SOURCE_SILENCE_CHECK_MS: "300",
    },
  });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await app?.stop();
  await mongo?.close();
});

async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

async function alerts(session: Session): Promise<AlertView[]> {
  const response = await api(session, "/api/alerts");
  expect(response.status).toBe(200);
  return ((await response.json()) as { alerts: AlertView[] }).alerts;
}

async function bell(session: Session, tenantId = session.tenantId) {
  const response = await api(session, "/api/notifications", { headers: { "x-tenant-id": tenantId } });
  return ((await response.json()) as { notifications: Array<{ title: string; priority: string; actionUrl: string | null }> })
    .notifications;
}

async function activityKinds(session: Session): Promise<string[]> {
  const response = await api(session, "/api/activity?kind=alert");
  return ((await response.json()) as { entries: Array<{ kind: string; summary: string }> }).entries.map((e) => e.kind);
}

async function withEndpoint(owner: Session, answer: Parameters<typeof startReceiver>[0]) {
  const settings = await api(owner, "/api/webhooks/settings", {
    method: "PATCH",
    body: JSON.stringify({ webhookRetryAttempts: 10 }),
  });
  expect(settings.status).toBe(200);
  const target = await receiver(answer);
  const created = await api(owner, "/api/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: target.url }) });
  const { endpoint } = (await created.json()) as { endpoint: EndpointView };
  expect(created.status).toBe(201);
  const secret = await tenantSecret(mongo, owner.tenantId);
  const sent = await sendWebhook({ baseUrl: app.baseUrl, kind: "orders", payload: uniqueOrder(owner.tenantId), secret });
  expect(sent.status).toBe(201);
  return { endpoint, target };
}

describe("alerts", () => {
  it("a failure streak opens one urgent alert for each admin, live, and the next success resolves it", async () => {
    const owner = await signUp(app.baseUrl);
    const [admin, member] = [await signUp(app.baseUrl), await signUp(app.baseUrl)];
    await addMember(mongo, owner.tenantId, admin.userId, "admin");
    await addMember(mongo, owner.tenantId, member.userId, "member");
    const live = await tenantSocket(app.baseUrl, owner.cookie, owner.tenantId);
    try {
      const { endpoint, target } = await withEndpoint(owner, (n) => ({ status: n <= STREAK ? 503 : 200 }));
      const pushed = await waitFor(
        () => live.of("new-notification").find((n) => (n as { title: string }).title === "Webhook endpoint failing"),
        20_000,
        "the failing alert's notification",
      );
      expect(pushed).toMatchObject({ priority: "urgent", type: "error", actionUrl: "/alerts" });
      expect(live.of("dashboard-refresh")).toContainEqual(expect.objectContaining({ reason: "alert.opened" }));

      const resolved = await waitFor(async () => (await alerts(owner)).find((a) => a.state === "resolved"), 20_000, "resolved");
      expect(target.received.length).toBe(STREAK + 1);
      expect(resolved).toMatchObject({
        kind: "endpoint-failing",
        subject: endpoint.id,
        resolvedBy: { type: "system" },
        link: `/settings/outbound/${endpoint.id}`,
      });
      expect(resolved.detail).toContain(target.url);
      expect(resolved.steps.length).toBeGreaterThan(0);
      expect(await activityKinds(owner)).toEqual(["alert.resolved", "alert.opened"]);
    } finally {
      live.socket.close();
    }
    const adminBell = await bell(admin, owner.tenantId);
    expect(adminBell.filter((n) => n.title === "Webhook endpoint failing")).toHaveLength(1);
    expect((await bell(member, owner.tenantId)).map((n) => n.title)).not.toContain("Webhook endpoint failing");
  });

  it("a disabled endpoint's alert replaces the streak's, and re-enabling it resolves it in the admin's name", async () => {
    const owner = await signUp(app.baseUrl);
    const { endpoint } = await withEndpoint(owner, () => ({ status: 503 }));
    const open = await waitFor(
      async () => (await alerts(owner)).find((a) => a.kind === "endpoint-disabled" && a.state === "open"),
      30_000,
      "the disabled alert",
    );
    expect(open.title).toBe("Webhook endpoint disabled");
    // The streak's alert is resolved, and the admins notified, just after the disabled one opens:
    // on a loaded machine that is a moment later.
    const failing = await waitFor(
      async () => (await alerts(owner)).find((a) => a.kind === "endpoint-failing" && a.state === "resolved"),
      10_000,
      "the streak's alert resolved",
    );
    expect(failing).toMatchObject({ state: "resolved", resolvedBy: { type: "system" } });
    await expect
      .poll(async () => (await bell(owner)).filter((n) => n.priority === "urgent").map((n) => n.title), { timeout: 10_000 })
      .toEqual(["Webhook endpoint disabled", "Webhook endpoint failing"]);

    const enabled = await api(owner, `/api/webhooks/endpoints/${endpoint.id}`, {
      method: "PATCH",
      body: JSON.stringify({ enabled: true }),
    });
    expect(enabled.status).toBe(200);
    const after = (await alerts(owner)).find((a) => a.kind === "endpoint-disabled");
    expect(after).toMatchObject({ state: "resolved", resolvedBy: { type: "user", label: owner.email } });
  });

  it("deliveries refused in bulk open one alert; members cannot resolve it, another tenant cannot see it, an admin can", async () => {
    const owner = await signUp(app.baseUrl);
    const other = await signUp(app.baseUrl);
    const member = await signUp(app.baseUrl);
    await addMember(mongo, owner.tenantId, member.userId, "member");
    for (let i = 0; i < REJECTIONS + 3; i++) {
      const sent = await sendWebhook({
        baseUrl: app.baseUrl,
        kind: "orders",
        payload: uniqueOrder(owner.tenantId),
        secret: "whsec_wrong",
      });
      expect(sent.status).toBe(401);
    }
    const open = await waitFor(async () => (await alerts(owner)).find((a) => a.state === "open"), 10_000, "the rejections alert");
    expect(open).toMatchObject({ kind: "rejections-spike", subject: "webhooks", title: "Webhook deliveries refused" });
    expect(open.detail).toMatch(/^4 deliveries to your webhooks were refused within 5 minutes/);
    // Once, however many more are refused within the window (the notification follows the alert by a moment).
    await expect
      .poll(async () => (await bell(owner)).filter((n) => n.title === "Webhook deliveries refused").length, { timeout: 10_000 })
      .toBe(1);
    expect(await alerts(other)).toEqual([]);

    const path = `/api/alerts/${encodeURIComponent(open.id)}/resolve`;
    const asMember = await api(member, path, { method: "POST", headers: { "x-tenant-id": owner.tenantId } });
    expect(asMember.status).toBe(403);
    expect((await api(other, path, { method: "POST" })).status).toBe(404);
    const resolved = await api(owner, path, { method: "POST" });
    expect(resolved.status).toBe(200);
    expect(await resolved.json()).toMatchObject({
      success: true,
      alert: { state: "resolved", resolvedBy: { label: owner.email } },
    });
    expect((await api(owner, path, { method: "POST" })).status).toBe(404);
    expect(await activityKinds(owner)).toEqual(["alert.resolved", "alert.opened"]);
  });

  it("a watched source silent past its limit opens one alert, a delivery resolves it; an unwatched one never alerts", async () => {
    const owner = await signUp(app.baseUrl);
    const add = async (name: string, silentAfterHours: number | null) => {
      const response = await api(owner, "/api/sources", {
        method: "POST",
        body: JSON.stringify({ type: "shopify", name, secret: "shpss_silence_test", silentAfterHours }),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { source: { id: string; silentAfterHours: number | null } }).source;
    };
    const watched = await add("Night shop", 1);
    const unwatched = await add("Rare shop", null);
    expect(watched.silentAfterHours).toBe(1);
    const bad = await api(owner, "/api/sources", {
      method: "POST",
      body: JSON.stringify({ type: "shopify", name: "Bad", silentAfterHours: 0 }),
    });
    expect(bad.status).toBe(400);

    // Two hours without a delivery: the sources were last saved then.
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await mongo
      .db()
      .collection("sources")
      .updateMany(
        { _id: { $in: [new ObjectId(watched.id), new ObjectId(unwatched.id)] } },
        { $set: { updatedAt: twoHoursAgo, createdAt: twoHoursAgo } },
      );
    const open = await waitFor(async () => (await alerts(owner)).find((a) => a.state === "open"), 10_000, "the silence alert");
    expect(open).toMatchObject({ kind: "source-silent", subject: watched.id, title: "Night shop has gone silent" });
    expect(open.detail).toMatch(
      /^No delivery from Night shop \(shopify\) in the 2 hours since it was last saved \(silence limit 1 hour\)/,
    );
    // Several passes later: still one alert, one notification, and none for the unwatched source.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await alerts(owner)).toHaveLength(1);
    await expect
      .poll(async () => (await bell(owner)).filter((n) => n.title === "Night shop has gone silent").length, { timeout: 10_000 })
      .toBe(1);

    const sample = sourceSampleFor("shopify");
    const signature = signSourceDelivery("shopify", sourceOptionsSchemas.shopify.parse({}), "shpss_silence_test", sample.body);
    const sent = await fetch(`${app.baseUrl}/api/webhooks/${owner.tenantId}/sources/${watched.id}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...sample.headers, ...signature },
      body: sample.body,
    });
    expect(sent.status).toBe(201);
    const resolved = await waitFor(
      async () => (await alerts(owner)).find((a) => a.state === "resolved"),
      10_000,
      "the silence alert resolved",
    );
    expect(resolved).toMatchObject({ subject: watched.id, resolvedBy: { label: "silence watch" } });
    expect(await activityKinds(owner)).toEqual(["alert.resolved", "alert.opened"]);

    // A source that stops being watched (here: disabled) while silent has its alert resolved then.
    const limited = await api(owner, `/api/sources/${unwatched.id}`, {
      method: "PATCH",
      body: JSON.stringify({ silentAfterHours: 3 }),
    });
    expect(limited.status).toBe(200);
    await mongo
      .db()
      .collection("sources")
      .updateOne({ _id: new ObjectId(unwatched.id) }, { $set: { updatedAt: new Date(Date.now() - 4 * 3_600_000) } });
    const rare = await waitFor(
      async () => (await alerts(owner)).find((a) => a.state === "open" && a.subject === unwatched.id),
      10_000,
      "the second silence alert",
    );
    expect(rare.title).toBe("Rare shop has gone silent");
    expect(
      (await api(owner, `/api/sources/${unwatched.id}`, { method: "PATCH", body: JSON.stringify({ enabled: false }) })).status,
    ).toBe(200);
    expect((await alerts(owner)).find((a) => a.subject === unwatched.id)).toMatchObject({
      state: "resolved",
      resolvedBy: { label: owner.email },
    });
  });
});
