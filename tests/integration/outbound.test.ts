import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { MongoClient } from "mongodb";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DeliveryInsights } from "@/lib/insights/schemas";
import { deliveryIdFor } from "@/lib/outbound/enqueue-outbound-event";
import type { OutboundJobData, QueuedDelivery } from "@/lib/outbound/outbound-runtime";
import { queueDeliveries } from "@/lib/outbound/queue-deliveries";
import type { AttemptView, EndpointView, OutboundDeliveryView } from "@/lib/outbound/schemas";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { type RunningApp, runCli, startApp } from "../support/app-process";
import { api, type Session, signUp } from "../support/http";
import { addMember } from "../support/members";
import { firstAttemptFails, startReceiver, waitFor } from "../support/receiver";
import { storageKind } from "../support/storage-kind";
import { logDb, openMongo, tenantSecret, tenantSocket, uniqueOrder } from "../support/webhooks";

// SPEC §6 through real servers, the real Redis queue and real HTTP receivers on loopback. This
// file's server allows loopback receivers (OUTBOUND_ALLOW_PRIVATE) and retries after 200 ms × 4ⁿ;
// the suite's shared server keeps the production SSRF rules.

const suiteUri = inject("mongoUri");
// A database of this file's own: its server and the suite's are two processes, and on one embedded
// database each would take the other's events in flight for unfinished ones and replay them
// (lib/webhooks/ingest/start-journal-replay.ts: the embedded adapter serves one process).
const mongoUri = (() => {
  const url = new URL(suiteUri);
  url.pathname = `/pulseboard_outbound_${randomUUID().slice(0, 8)}`;
  return url.toString();
})();
const sharedBaseUrl = inject("baseUrl");
const RETRY_BASE_MS = 200;
const THRESHOLD = 4;
// Known, so the burst tests below can queue straight into this server's queue.
const QUEUE_PREFIX = `pbtest-outbound-${randomUUID().slice(0, 8)}`;
const outboundEnv = {
  MONGODB_URI: mongoUri,
  REDIS_PREFIX: QUEUE_PREFIX,
  OUTBOUND_ALLOW_PRIVATE: "true",
  OUTBOUND_RETRY_BASE_MS: String(RETRY_BASE_MS),
  OUTBOUND_FAILURE_THRESHOLD: String(THRESHOLD),
};
let app: RunningApp;
let mongo: MongoClient;
let queue: Queue<OutboundJobData>;
const receivers: Array<{ close: () => Promise<void> }> = [];

beforeAll(async () => {
  mongo = await openMongo(mongoUri);
  app = await startApp({ env: outboundEnv });
  queue = new Queue<OutboundJobData>("outbound", { connection: { url: "redis://127.0.0.1:6379" }, prefix: QUEUE_PREFIX });
});
afterAll(async () => {
  await queue?.close();
  await Promise.all(receivers.map((r) => r.close()));
  await app?.stop();
  await mongo?.close();
});

type Endpoint = EndpointView;
type Attempt = AttemptView;
type Delivery = OutboundDeliveryView;

async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

async function addEndpoint(session: Session, body: Record<string, unknown>): Promise<{ endpoint: Endpoint; secret: string }> {
  const response = await api(session, "/api/webhooks/endpoints", { method: "POST", body: JSON.stringify(body) });
  const json = (await response.json()) as { endpoint: Endpoint; secret: string };
  expect(response.status, JSON.stringify(json)).toBe(201);
  return json;
}

async function endpointOf(session: Session, id: string): Promise<Endpoint> {
  const response = await api(session, `/api/webhooks/endpoints/${id}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { endpoint: Endpoint }).endpoint;
}

/** The endpoint once the worker has turned it off. */
const autoDisabled = (session: Session, id: string) =>
  waitFor(
    async () => {
      const current = await endpointOf(session, id);
      return current.enabled ? undefined : current;
    },
    30_000,
    "auto-disable",
  );

async function deliveries(session: Session, query = ""): Promise<Delivery[]> {
  const response = await api(session, `/api/webhooks/outbound-deliveries${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { deliveries: Delivery[] }).deliveries;
}

async function settings(session: Session, body: Record<string, unknown>) {
  const response = await api(session, "/api/webhooks/settings", { method: "PATCH", body: JSON.stringify(body) });
  expect(response.status).toBe(200);
}

async function sendOrder(session: Session, baseUrl = app.baseUrl, extra: Record<string, unknown> = {}) {
  const secret = await tenantSecret(mongo, session.tenantId);
  const payload = uniqueOrder(session.tenantId, extra);
  const result = await sendWebhook({ baseUrl, kind: "orders", payload, secret });
  expect(result.status).toBe(201);
  return payload as { orderNumber: string };
}

const settled = (session: Session, endpointId: string, count = 1) =>
  waitFor(
    async () => {
      const list = await deliveries(session, `?endpointId=${endpointId}`);
      return list.length >= count && list.every((d) => d.status !== "pending") ? list : undefined;
    },
    30_000,
    "deliveries to settle",
  );

describe("outbound endpoints API", () => {
  it("creates an endpoint with its secret shown once; members read, only admins change; bad input changes nothing", async () => {
    const owner = await signUp(app.baseUrl);
    const { endpoint, secret } = await addEndpoint(owner, {
      url: "https://example.com/hooks",
      description: "ERP",
      eventTypes: ["order.created", "payment.updated"],
      headers: { "X-Api-Key": "k-123" },
      batch: { maxEvents: 10, maxWaitMs: 2000 },
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toMatchObject({
      url: "https://example.com/hooks",
      enabled: true,
      batch: { maxEvents: 10, maxWaitMs: 2000 },
    });
    const listed = await api(owner, "/api/webhooks/endpoints");
    const text = await listed.text();
    expect(text).not.toContain("whsec_");
    expect(JSON.parse(text)).toMatchObject({ canEdit: true, outbound: { available: true }, endpoints: [{ id: endpoint.id }] });

    for (const bad of [
      { url: "ftp://example.com" },
      { url: "https://example.com", headers: { "webhook-signature": "v1,forged" } },
      { url: "https://example.com", eventTypes: ["order.deleted"] },
      { url: "https://example.com", batch: { maxEvents: 0, maxWaitMs: 10 } },
    ]) {
      const response = await api(owner, "/api/webhooks/endpoints", { method: "POST", body: JSON.stringify(bad) });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ success: false, error: expect.any(String) });
    }
    const after = (await (await api(owner, "/api/webhooks/endpoints")).json()) as { endpoints: Endpoint[] };
    expect(after.endpoints).toHaveLength(1);

    const member = await signUp(app.baseUrl);
    await addMember(mongo, owner.tenantId, member.userId, "member");
    const asMember = { headers: { "x-tenant-id": owner.tenantId } };
    const seen = await api(member, "/api/webhooks/endpoints", asMember);
    expect(seen.status).toBe(200);
    // Header values often hold credentials: a member sees the names only.
    expect(((await seen.json()) as { endpoints: Endpoint[] }).endpoints[0]?.headers).toEqual({ "X-Api-Key": "••••••" });
    const refused = await api(member, `/api/webhooks/endpoints/${endpoint.id}`, {
      ...asMember,
      method: "PATCH",
      body: JSON.stringify({ enabled: false }),
    });
    expect(refused.status).toBe(403);
    // Another tenant's endpoint does not exist for this caller.
    expect((await api(member, `/api/webhooks/endpoints/${endpoint.id}`)).status).toBe(404);

    const patched = await api(owner, `/api/webhooks/endpoints/${endpoint.id}`, {
      method: "PATCH",
      body: JSON.stringify({ enabled: false, description: "ERP (paused)" }),
    });
    expect(patched.status).toBe(200);
    const log = await logDb(mongo)
      .collection("activity_logs")
      .find({ kind: { $in: ["outbound.endpoint.created", "outbound.endpoint.disabled"] }, "refs.endpointId": endpoint.id })
      .toArray();
    expect(log.map((entry) => entry.kind).sort()).toEqual(["outbound.endpoint.created", "outbound.endpoint.disabled"]);
    expect(JSON.stringify(log)).not.toContain("k-123");
    expect((await api(owner, `/api/webhooks/endpoints/${endpoint.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await api(owner, `/api/webhooks/endpoints/${endpoint.id}`)).status).toBe(404);
  });

  it("announces every endpoint change to the tenant's room only, so open settings pages follow it", async () => {
    const owner = await signUp(app.baseUrl);
    const stranger = await signUp(app.baseUrl);
    const mine = await tenantSocket(app.baseUrl, owner.cookie, owner.tenantId);
    const theirs = await tenantSocket(app.baseUrl, stranger.cookie, stranger.tenantId);
    try {
      const { endpoint } = await addEndpoint(owner, { url: "https://example.com/hooks", description: "ERP" });
      for (const body of [{ enabled: false }, { description: "ERP" }, { enabled: true }]) {
        const patched = await api(owner, `/api/webhooks/endpoints/${endpoint.id}`, {
          method: "PATCH",
          body: JSON.stringify(body),
        });
        expect(patched.status).toBe(200);
      }
      expect((await api(owner, `/api/webhooks/endpoints/${endpoint.id}`, { method: "DELETE" })).status).toBe(200);
      const expected = ["created", "updated", "updated", "removed"].map((change) => ({
        tenantId: owner.tenantId,
        reason: `outbound.endpoint.${change}`,
        ids: { endpointId: endpoint.id },
      }));
      // The PATCH that changed nothing announced nothing.
      await expect.poll(() => mine.of("dashboard-refresh")).toEqual(expected);
      expect(theirs.of("dashboard-refresh")).toEqual([]);
    } finally {
      mine.socket.close();
      theirs.socket.close();
    }
  });
});

describe("outbound delivery", () => {
  it("delivers once after k failed attempts, logging each with the backoff between them", async () => {
    const owner = await signUp(app.baseUrl);
    const target = await receiver((n) => (n <= 2 ? { status: 500, body: `boom ${n}` } : { status: 204 }));
    const { endpoint } = await addEndpoint(owner, { url: target.url, eventTypes: ["order.created"] });
    await sendOrder(owner);
    const [delivery] = await settled(owner, endpoint.id);
    expect(delivery?.status).toBe("succeeded");
    expect(target.received).toHaveLength(3);
    expect(new Set(target.received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([delivery?.id]));
    const attempts = delivery?.attempts ?? [];
    expect(attempts.map((a) => a.status)).toEqual([500, 500, 204]);
    expect(attempts[0]?.responseExcerpt).toBe("boom 1");
    expect(attempts[0]?.nextAttemptAt).not.toBeNull();
    // Exponential with ±20 % jitter: ≥ 160 ms, then ≥ 640 ms.
    const gaps = [1, 2].map((i) => (target.received[i]?.at ?? 0) - (target.received[i - 1]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(RETRY_BASE_MS * 0.8);
    expect(gaps[1]).toBeGreaterThanOrEqual(RETRY_BASE_MS * 4 * 0.8);
    const stats = (await endpointOf(owner, endpoint.id)).stats;
    expect(stats).toMatchObject({ successes: 1, failures: 2, consecutiveFailures: 0 });
    expect(stats?.lastTriggeredAt).not.toBeNull();
    expect(stats?.p50LatencyMs).toEqual(expect.any(Number));
  });

  it("signs every delivery so the standardwebhooks library verifies it with the endpoint's secret, with custom headers", async () => {
    const owner = await signUp(app.baseUrl);
    const target = await receiver();
    const { endpoint, secret } = await addEndpoint(owner, { url: target.url, headers: { "X-Tenant-Ref": "shop-42" } });
    const order = await sendOrder(owner);
    await settled(owner, endpoint.id);
    const request = target.received[0];
    if (!request) throw new Error("nothing delivered");
    expect(request.headers["x-tenant-ref"]).toBe("shop-42");
    const verified = new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as {
      type: string;
      data: { orderNumber: string; orderId: string };
    };
    expect(verified.type).toBe("order.created");
    expect(verified.data.orderNumber).toBe(order.orderNumber);
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(
        request.body,
        request.headers as Record<string, string>,
      ),
    ).toThrow();
  });

  it("fails an attempt that outlasts the tenant's timeout", async () => {
    const owner = await signUp(app.baseUrl);
    await settings(owner, { webhookTimeoutMs: 1000, webhookRetryAttempts: 0 });
    const target = await receiver(() => ({ status: 200, delayMs: 2500 }));
    const { endpoint } = await addEndpoint(owner, { url: target.url });
    await sendOrder(owner);
    const [delivery] = await settled(owner, endpoint.id);
    expect(delivery?.status).toBe("failed");
    expect(delivery?.attempts).toHaveLength(1);
    expect(delivery?.attempts[0]).toMatchObject({
      status: null,
      ok: false,
      error: expect.stringMatching(/timeout after 1000 ms/),
    });
    expect(delivery?.attempts[0]?.latencyMs).toBeLessThan(2000);
  });

  it("does not follow a redirect and counts it as a failure", async () => {
    const owner = await signUp(app.baseUrl);
    await settings(owner, { webhookRetryAttempts: 1 });
    const elsewhere = await receiver();
    const target = await receiver(() => ({ status: 307, headers: { location: elsewhere.url } }));
    const { endpoint } = await addEndpoint(owner, { url: target.url });
    await sendOrder(owner);
    const [delivery] = await settled(owner, endpoint.id);
    expect(delivery?.status).toBe("failed");
    expect(delivery?.attempts.map((a) => a.status)).toEqual([307, 307]);
    expect(delivery?.attempts[0]?.error).toMatch(/not followed/);
    expect(elsewhere.received).toHaveLength(0);
    expect((await endpointOf(owner, endpoint.id)).stats).toMatchObject({ successes: 0, failures: 2 });
  });

  it("disables an endpoint that answers 410 Gone, without retrying", async () => {
    const owner = await signUp(app.baseUrl);
    const target = await receiver(() => ({ status: 410 }));
    const { endpoint } = await addEndpoint(owner, { url: target.url });
    await sendOrder(owner);
    const [delivery] = await settled(owner, endpoint.id);
    expect(delivery?.status).toBe("failed");
    expect(target.received).toHaveLength(1);
    expect(await endpointOf(owner, endpoint.id)).toMatchObject({ enabled: false, disabledReason: "gone" });
    // Disabled endpoints get nothing more.
    await sendOrder(owner);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(target.received).toHaveLength(1);
  });

  it("sends only the subscribed event types", async () => {
    const owner = await signUp(app.baseUrl);
    const ordersOnly = await receiver();
    const everything = await receiver();
    const a = await addEndpoint(owner, { url: ordersOnly.url, eventTypes: ["order.created"] });
    const b = await addEndpoint(owner, { url: everything.url, eventTypes: ["*"] });
    const secret = await tenantSecret(mongo, owner.tenantId);
    await sendOrder(owner);
    const payment = sampleFor("payments", owner.tenantId, { paymentId: `pay_${randomUUID().slice(0, 8)}` });
    expect((await sendWebhook({ baseUrl: app.baseUrl, kind: "payments", payload: payment, secret })).status).toBeLessThan(300);
    const note = sampleFor("notifications", owner.tenantId, { title: "Hello" });
    expect((await sendWebhook({ baseUrl: app.baseUrl, kind: "notifications", payload: note, secret })).status).toBe(201);
    await settled(owner, b.endpoint.id, 3);
    await settled(owner, a.endpoint.id, 1);
    const types = (r: { received: Array<{ body: string }> }) =>
      r.received.map((x) => (JSON.parse(x.body) as { type: string }).type).sort();
    expect(types(everything)).toEqual(["notification.created", "order.created", "payment.updated"]);
    expect(types(ordersOnly)).toEqual(["order.created"]);
  });

  it("batches events: never more than maxEvents per delivery, none waiting longer than maxWaitMs", async () => {
    const owner = await signUp(app.baseUrl);
    const target = await receiver();
    const maxWaitMs = 1500;
    const { endpoint } = await addEndpoint(owner, {
      url: target.url,
      eventTypes: ["order.created"],
      batch: { maxEvents: 3, maxWaitMs },
    });
    const sentAt = new Map<string, number>();
    for (let i = 0; i < 7; i++) {
      const order = await sendOrder(owner);
      sentAt.set(order.orderNumber, Date.now());
    }
    await waitFor(
      () => target.received.reduce((n, r) => n + (JSON.parse(r.body) as { events: unknown[] }).events.length, 0) >= 7,
      15_000,
      "7 events",
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const batches = target.received.map((r) => ({
      at: r.at,
      events: (JSON.parse(r.body) as { events: Array<{ type: string; data: { orderNumber: string } }> }).events,
    }));
    const numbers = batches.flatMap((b) => b.events.map((e) => e.data.orderNumber));
    expect(numbers.sort()).toEqual([...sentAt.keys()].sort());
    for (const batch of batches) {
      expect(batch.events.length).toBeLessThanOrEqual(3);
      for (const event of batch.events) {
        expect(event.type).toBe("order.created");
        // Sent by the wait bound at the latest (plus queue and HTTP time on a busy machine).
        expect(batch.at - (sentAt.get(event.data.orderNumber) ?? 0)).toBeLessThan(maxWaitMs + 1500);
      }
    }
    expect(batches.some((b) => b.events.length === 3)).toBe(true);
    const logged = await deliveries(owner, `?endpointId=${endpoint.id}`);
    expect(
      logged.reduce((n, d) => n + d.eventIds.length, 0),
      JSON.stringify({ logged, received: batches.map((b) => b.events.map((e) => e.data.orderNumber)) }),
    ).toBe(7);
  });

  it("disables an endpoint after consecutive failures and tells the tenant's admins; re-enabling resets it", async () => {
    const owner = await signUp(app.baseUrl);
    await settings(owner, { webhookRetryAttempts: 10 });
    const target = await receiver(() => ({ status: 503 }));
    const { endpoint } = await addEndpoint(owner, { url: target.url });
    const live = await tenantSocket(app.baseUrl, owner.cookie, owner.tenantId);
    try {
      await sendOrder(owner);
      const disabled = await autoDisabled(owner, endpoint.id);
      expect(disabled).toMatchObject({ disabledReason: "failing", stats: { consecutiveFailures: THRESHOLD } });
      const [delivery] = await settled(owner, endpoint.id);
      // Stopped at the threshold although the tenant allows 10 retries.
      expect(delivery?.attempts).toHaveLength(THRESHOLD);
      expect(target.received).toHaveLength(THRESHOLD);
      const toast = await waitFor(
        () => live.of("new-notification").find((n) => (n as { title: string }).title === "Webhook endpoint disabled"),
        10_000,
        "the admin's notification",
      );
      expect((toast as { message: string }).message).toContain(target.url);
      expect(live.of("dashboard-refresh")).toContainEqual({
        tenantId: owner.tenantId,
        reason: "outbound.endpoint.disabled",
        ids: { endpointId: endpoint.id },
      });
      const bell = (await (await api(owner, "/api/notifications")).json()) as { notifications: Array<{ title: string }> };
      expect(bell.notifications.map((n) => n.title)).toContain("Webhook endpoint disabled");
    } finally {
      live.socket.close();
    }
    const enabled = await api(owner, `/api/webhooks/endpoints/${endpoint.id}`, {
      method: "PATCH",
      body: JSON.stringify({ enabled: true }),
    });
    expect(await enabled.json()).toMatchObject({
      endpoint: { enabled: true, disabledReason: null, stats: { consecutiveFailures: 0 } },
    });
  });

  it("retries a failed delivery by hand, under the same webhook-id", async () => {
    const owner = await signUp(app.baseUrl);
    await settings(owner, { webhookRetryAttempts: 0 });
    const target = await receiver((n) => (n === 1 ? { status: 500 } : { status: 200 }));
    const { endpoint } = await addEndpoint(owner, { url: target.url });
    await sendOrder(owner);
    const [failed] = await settled(owner, endpoint.id);
    expect(failed?.status).toBe("failed");
    expect((await deliveries(owner, "?status=failed")).map((d) => d.id)).toEqual([failed?.id]);
    const retried = await api(owner, `/api/webhooks/outbound-deliveries/${failed?.id}/retry`, { method: "POST" });
    expect(retried.status).toBe(202);
    const done = await waitFor(async () => (await deliveries(owner)).find((d) => d.status === "succeeded"), 15_000, "the retry");
    // The attempts in full when they differ: an extra one has shown up on a loaded machine.
    expect(
      done.attempts.map((a) => a.status),
      JSON.stringify(done.attempts),
    ).toEqual([500, 200]);
    expect(target.received.map((r) => r.headers["webhook-id"])).toEqual([failed?.id, failed?.id]);
    // A delivered one can be sent again too (the receiver lost it): same webhook-id, one more attempt.
    expect((await api(owner, `/api/webhooks/outbound-deliveries/${failed?.id}/retry`, { method: "POST" })).status).toBe(202);
    await waitFor(async () => target.received.length === 3, 15_000, "the resend");
    expect(target.received[2]?.headers["webhook-id"]).toBe(failed?.id);
    expect((await api(owner, "/api/webhooks/outbound-deliveries/dlv_nope/retry", { method: "POST" })).status).toBe(404);
  });

  it("charts each endpoint's success rate and mean latency from its attempts", async () => {
    const owner = await signUp(app.baseUrl);
    await settings(owner, { webhookRetryAttempts: 0 });
    const target = await receiver((n) => ({ status: n % 2 ? 200 : 500 }));
    const { endpoint } = await addEndpoint(owner, { url: target.url });
    for (let i = 0; i < 4; i++) await sendOrder(owner);
    await settled(owner, endpoint.id, 4);
    const figures = await waitFor(
      async () => {
        const response = await api(owner, "/api/insights/deliveries?range=24h&tz=UTC");
        const body = (await response.json()) as DeliveryInsights;
        const [charted] = body.endpoints;
        return charted && charted.succeeded + charted.failed === 4 ? body : undefined;
      },
      10_000,
      "the endpoint's counts",
    );
    expect(figures.endpoints).toEqual([
      { id: endpoint.id, url: target.url, succeeded: 2, failed: 2, successRate: 50, avgLatencyMs: expect.any(Number) },
    ]);
    expect(figures.points.at(-1)?.outbound[endpoint.id]).toMatchObject({ succeeded: 2, failed: 2, successRate: 50 });
    expect(figures.totals.accepted).toBe(4);
  });

  it("pages the log with a cursor and date bounds, and retries the picked deliveries or everything that failed since a moment, once each", async () => {
    const owner = await signUp(app.baseUrl);
    const other = await signUp(app.baseUrl);
    await settings(owner, { webhookRetryAttempts: 0 });
    let healthy = false;
    const target = await receiver(() => ({ status: healthy ? 200 : 503 }));
    const { endpoint } = await addEndpoint(owner, { url: target.url });
    // Three: one short of the threshold that would disable the endpoint.
    for (let i = 0; i < 3; i++) await sendOrder(owner);
    const failed = await settled(owner, endpoint.id, 3);
    expect(failed.map((d) => d.status)).toEqual(["failed", "failed", "failed"]);

    const page = async (query: string) => {
      const response = await api(owner, `/api/webhooks/outbound-deliveries?endpointId=${endpoint.id}&${query}`);
      expect(response.status).toBe(200);
      return (await response.json()) as { deliveries: Delivery[]; nextCursor: string | null };
    };
    const first = await page("limit=1");
    const second = await page(`limit=1&cursor=${first.nextCursor}`);
    const third = await page(`limit=1&cursor=${second.nextCursor}`);
    expect([...first.deliveries, ...second.deliveries, ...third.deliveries].map((d) => d.id)).toEqual(failed.map((d) => d.id));
    expect(third.nextCursor).toBeNull();
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await page(`from=${future}`)).deliveries).toEqual([]);
    expect((await page(`to=${future}&status=failed`)).deliveries).toHaveLength(3);
    expect((await api(owner, "/api/webhooks/outbound-deliveries?cursor=nope")).status).toBe(400);
    expect((await api(owner, `/api/webhooks/outbound-deliveries?from=${future}&to=2020-01-01`)).status).toBe(400);

    healthy = true;
    const retry = (session: Session, body: unknown) =>
      api(session, "/api/webhooks/outbound-deliveries/retry", { method: "POST", body: JSON.stringify(body) });
    const unknown = `dlv_${"0".repeat(48)}`;
    const picked = [failed[0]?.id ?? ""];
    const byIds = await retry(owner, { ids: [...picked, unknown] });
    expect(byIds.status).toBe(202);
    const byIdsBody = (await byIds.json()) as { queued: string[]; skipped: Array<{ id: string; reason: string }> };
    expect(byIdsBody.queued.sort()).toEqual([...picked].sort());
    expect(byIdsBody.skipped).toEqual([{ id: unknown, reason: "Delivery not found" }]);
    await waitFor(async () => target.received.length === 4 || undefined, 15_000, "the picked retry");

    // Another tenant's recover touches none of them; the owner's queues the two still failed.
    expect(((await (await retry(other, { since: "2020-01-01" })).json()) as { queued: string[] }).queued).toEqual([]);
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const [recovered, again] = await Promise.all([retry(owner, { since, endpointId: endpoint.id }), retry(owner, { since })]);
    const queued = [
      ...((await recovered.json()) as { queued: string[] }).queued,
      ...((await again.json()) as { queued: string[] }).queued,
    ];
    expect(new Set(queued)).toEqual(new Set(failed.slice(1).map((d) => d.id)));
    const done = await waitFor(
      async () => {
        const list = await deliveries(owner, `?endpointId=${endpoint.id}`);
        return list.every((d) => d.status === "succeeded") ? list : undefined;
      },
      15_000,
      "the recovered deliveries",
    );
    expect(done).toHaveLength(3);
    // Asked twice at once, each delivery was still sent once more: three failures, three successes.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(target.received).toHaveLength(6);
    expect((await retry(owner, { ids: [] })).status).toBe(400);
    expect((await retry(owner, { since: "yesterday" })).status).toBe(400);
    expect((await retry(owner, { since, endpointId: "0".repeat(24) })).status).toBe(404);
  });
});

describe("outbound SSRF guard", () => {
  it("refuses, when saved, loopback and names resolving to it without the flag, and the metadata address even with it", async () => {
    const target = await receiver();
    const owner = await signUp(sharedBaseUrl);
    for (const url of [target.url, `http://localhost:${target.port}/hook`, `http://[::ffff:127.0.0.1]:${target.port}/hook`]) {
      const refused = await api(owner, "/api/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url }) });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        success: false,
        error: expect.stringMatching(/^Endpoint URL refused: .*(private|loopback).*OUTBOUND_ALLOW_PRIVATE/),
        details: [{ path: "url" }],
      });
    }
    // Nothing was saved, and an existing endpoint cannot be moved there either.
    expect(((await (await api(owner, "/api/webhooks/endpoints")).json()) as { endpoints: unknown[] }).endpoints).toEqual([]);
    const { endpoint } = await addEndpoint(owner, { url: "https://erp.invalid/hooks" });
    const moved = await api(owner, `/api/webhooks/endpoints/${endpoint.id}`, {
      method: "PATCH",
      body: JSON.stringify({ url: `http://localhost:${target.port}/hook` }),
    });
    expect(moved.status).toBe(400);
    expect((await endpointOf(owner, endpoint.id)).url).toBe("https://erp.invalid/hooks");
    expect(target.received).toHaveLength(0);

    const permissive = await signUp(app.baseUrl);
    const metadata = await api(permissive, "/api/webhooks/endpoints", {
      method: "POST",
      body: JSON.stringify({ url: "http://169.254.169.254/latest/meta-data/" }),
    });
    expect(metadata.status).toBe(400);
    expect(((await metadata.json()) as { error: string }).error).toMatch(
      /^Endpoint URL refused: 169\.254\.169\.254 is a link-local, metadata/,
    );
    // The flag opens loopback, as local development needs.
    const allowed = await addEndpoint(permissive, { url: target.url });
    const ok = (await (
      await api(permissive, `/api/webhooks/endpoints/${allowed.endpoint.id}/test`, { method: "POST" })
    ).json()) as { success: boolean };
    expect(ok.success).toBe(true);
    expect(target.received).toHaveLength(1);
  });
});

// A burst of accepted events for one endpoint is queued as fan-out jobs (lib/outbound/queue-deliveries.ts).
// Through HTTP ingest, how many events share a turn of the server's event loop is up to timing, so
// these tests queue the burst with the server's own function, straight into its queue.
function burstOf(endpointId: string, count: number, label = randomUUID().slice(0, 6)): QueuedDelivery[] {
  return Array.from({ length: count }, (_, i) => ({
    deliveryId: deliveryIdFor(endpointId, `${label}-${i}`),
    body: JSON.stringify({
      id: `evt_${label}_${i}`,
      type: "order.created",
      timestamp: new Date().toISOString(),
      data: { index: i },
    }),
    eventIds: [`evt_${label}_${i}`],
    eventTypes: ["order.created"],
  }));
}

describe("outbound under a burst", () => {
  it("delivers each event of a burst once, retrying only the attempts that failed, each under its own webhook-id", async () => {
    const owner = await signUp(app.baseUrl);
    const firstTries = new Set<string>();
    // Every third event's first attempt fails.
    const target = await receiver((_, request) => {
      const id = String(request.headers["webhook-id"]);
      const first = !firstTries.has(id);
      firstTries.add(id);
      const { data } = JSON.parse(request.body) as { data: { index: number } };
      return first && data.index % 3 === 0 ? { status: 503 } : { status: 200 };
    });
    const { endpoint } = await addEndpoint(owner, { url: target.url });
    const live = await tenantSocket(app.baseUrl, owner.cookie, owner.tenantId);
    const burst = burstOf(endpoint.id, 30);
    await queueDeliveries(queue, { tenantId: owner.tenantId, endpointId: endpoint.id }, burst);

    const list = await settled(owner, endpoint.id, 30);
    // Open settings pages hear of the attempts, a few times rather than 40.
    const announced = () =>
      live.of("dashboard-refresh").filter((e) => (e as { reason: string }).reason === "outbound.delivery.attempted");
    await waitFor(() => announced().length > 0, 5_000, "an attempt announcement");
    live.socket.close();
    expect(announced().length).toBeLessThan(10);
    expect(announced()[0]).toMatchObject({ tenantId: owner.tenantId, ids: { endpointId: endpoint.id } });
    expect(list).toHaveLength(30);
    expect(list.every((d) => d.status === "succeeded")).toBe(true);
    const failedFirst = burst.filter((_, i) => i % 3 === 0).map((d) => d.deliveryId);
    for (const delivery of list) {
      const retried = failedFirst.includes(delivery.id);
      expect(delivery.attempts.map((a) => a.status)).toEqual(retried ? [503, 200] : [200]);
    }
    await waitFor(() => target.received.length >= 40, 10_000, "the retries");
    await new Promise((resolve) => setTimeout(resolve, 500));
    // 30 first attempts and 10 retries, nothing sent twice that succeeded.
    expect(target.received).toHaveLength(40);
    const ids = target.received.map((r) => String(r.headers["webhook-id"]));
    expect(new Set(ids)).toEqual(new Set(burst.map((d) => d.deliveryId)));
    expect((await endpointOf(owner, endpoint.id)).stats).toMatchObject({ successes: 30, failures: 10, consecutiveFailures: 0 });
  });

  it("disables an endpoint once when a burst's failures cross the threshold", async () => {
    const owner = await signUp(app.baseUrl);
    const target = await receiver(() => ({ status: 500 }));
    const { endpoint } = await addEndpoint(owner, { url: target.url });
    await queueDeliveries(queue, { tenantId: owner.tenantId, endpointId: endpoint.id }, burstOf(endpoint.id, 3 * THRESHOLD));
    const disabled = await autoDisabled(owner, endpoint.id);
    expect(disabled.disabledReason).toBe("failing");
    await settled(owner, endpoint.id, 3 * THRESHOLD);
    const bell = (await (await api(owner, "/api/notifications")).json()) as { notifications: Array<{ title: string }> };
    expect(bell.notifications.filter((n) => n.title === "Webhook endpoint disabled")).toHaveLength(1);
    // Tripping the threshold ends the retries: no attempt was scheduled again.
    await new Promise((resolve) => setTimeout(resolve, 3 * RETRY_BASE_MS));
    expect(target.received).toHaveLength(3 * THRESHOLD);
  });

  it("lists the newest deliveries first and every older one by cursor, filtered and searched (the embedded adapter keeping older generations as pages)", async () => {
    const owner = await signUp(app.baseUrl);
    const target = await receiver();
    const { endpoint } = await addEndpoint(owner, { url: target.url });
    // Five waves, each delivered before the next, so "newest" is well defined: 50, 50, 50, 50, 30.
    const waves = [50, 50, 50, 50, 30].map((count, wave) => burstOf(endpoint.id, count, `w${wave}-${randomUUID().slice(0, 4)}`));
    let sent = 0;
    for (const wave of waves) {
      await queueDeliveries(queue, { tenantId: owner.tenantId, endpointId: endpoint.id }, wave);
      sent += wave.length;
      await waitFor(
        async () => (await settled(owner, endpoint.id)).length > 0 && target.received.length >= sent,
        30_000,
        "a wave",
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await waitFor(
      async () => (await deliveries(owner, `?endpointId=${endpoint.id}&limit=100`)).every((d) => d.status === "succeeded"),
      10_000,
      "the last wave's log",
    );
    const shown = new Set((await deliveries(owner, `?endpointId=${endpoint.id}&limit=100`)).map((d) => d.id));
    expect(shown.size).toBe(100);
    for (const d of [...(waves[4] ?? []), ...(waves[3] ?? [])]) expect(shown.has(d.deliveryId)).toBe(true);
    for (const d of [...(waves[0] ?? []), ...(waves[1] ?? [])]) expect(shown.has(d.deliveryId)).toBe(false);
    if ((await storageKind(app.baseUrl)) === "embedded") {
      // 230 deliveries, windows of 100: the first generation is gone, two remain.
      const windows = await mongo
        .db()
        .listCollections({ name: { $regex: `^outbound_deliveries_${endpoint.id}` } }, { nameOnly: true })
        .toArray();
      expect(windows.map((c) => c.name).sort()).toEqual([
        `outbound_deliveries_${endpoint.id}_g1`,
        `outbound_deliveries_${endpoint.id}_g2`,
      ]);
    }

    // Every delivery, oldest wave included, by following the cursor; and each found by its ids.
    const everything: Delivery[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const response = await api(
        owner,
        `/api/webhooks/outbound-deliveries?endpointId=${endpoint.id}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      const page = (await response.json()) as { deliveries: Delivery[]; nextCursor: string | null };
      everything.push(...page.deliveries);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(new Set(everything.map((d) => d.id)).size).toBe(230);
    expect(everything.map((d) => d.id)).toEqual(expect.arrayContaining(waves.flat().map((d) => d.deliveryId)));
    const oldest = waves[0]?.[0] as QueuedDelivery;
    for (const q of [oldest.deliveryId, oldest.eventIds[0] as string]) {
      const found = await deliveries(owner, `?endpointId=${endpoint.id}&q=${encodeURIComponent(q)}`);
      expect(
        found.map((d) => d.id),
        q,
      ).toEqual([oldest.deliveryId]);
    }
    expect(await deliveries(owner, `?q=${encodeURIComponent(oldest.deliveryId)}&status=failed`)).toEqual([]);
    expect(await deliveries(owner, `?endpointId=${endpoint.id}&eventType=payment.updated`)).toEqual([]);
    expect(await deliveries(owner, `?endpointId=${endpoint.id}&eventType=order.created&limit=100`)).toHaveLength(100);
    // Resent long after its generation left the window: listed once, with both attempts and its first time.
    const [before] = await deliveries(owner, `?q=${oldest.deliveryId}`);
    expect((await api(owner, `/api/webhooks/outbound-deliveries/${oldest.deliveryId}/retry`, { method: "POST" })).status).toBe(
      202,
    );
    const resent = await waitFor(
      async () => (await deliveries(owner, `?q=${oldest.deliveryId}`)).find((d) => d.attempts.length === 2),
      15_000,
      "the resend",
    );
    expect(resent.createdAt).toBe(before?.createdAt);
    const again: Delivery[] = [];
    for (let next: string | null = "", pages = 0; next !== null && pages < 20; pages++) {
      const response = await api(
        owner,
        `/api/webhooks/outbound-deliveries?endpointId=${endpoint.id}&limit=100${next ? `&cursor=${encodeURIComponent(next)}` : ""}`,
      );
      const page = (await response.json()) as { deliveries: Delivery[]; nextCursor: string | null };
      again.push(...page.deliveries);
      next = page.nextCursor;
    }
    expect(again.filter((d) => d.id === oldest.deliveryId)).toHaveLength(1);
    expect(new Set(again.map((d) => d.id)).size).toBe(again.length);

    // Redis loses its keys (it keeps nothing on disk here): the next deliveries still show as the newest.
    const redis = new Redis("redis://127.0.0.1:6379");
    await redis.del(`${QUEUE_PREFIX}:outbound:seq:${endpoint.id}`);
    redis.disconnect();
    const after = burstOf(endpoint.id, 30, `after-${randomUUID().slice(0, 4)}`);
    await queueDeliveries(queue, { tenantId: owner.tenantId, endpointId: endpoint.id }, after);
    const newest = await waitFor(
      async () => {
        const list = await deliveries(owner, `?endpointId=${endpoint.id}&limit=100`);
        const ids = new Set(list.filter((d) => d.status === "succeeded").map((d) => d.id));
        return after.every((d) => ids.has(d.deliveryId)) ? list : undefined;
      },
      15_000,
      "the deliveries after the reset",
    );
    expect(
      newest
        .slice(0, 30)
        .map((d) => d.id)
        .sort(),
    ).toEqual(after.map((d) => d.deliveryId).sort());
  });
});

describe("outbound across a restart", () => {
  it("queues the retries of a burst whose attempts were in flight when the server was told to stop", async () => {
    const prefix = `pbtest-drain-${randomUUID().slice(0, 8)}`;
    const env = { ...outboundEnv, REDIS_PREFIX: prefix };
    const burstQueue = new Queue<OutboundJobData>("outbound", { connection: { url: "redis://127.0.0.1:6379" }, prefix });
    let first: RunningApp | null = await startApp({ env });
    let second: RunningApp | null = null;
    try {
      const owner = await signUp(first.baseUrl);
      // First attempts fail slowly, so the stop arrives while they are in flight.
      const target = await receiver(firstAttemptFails({ status: 503, delayMs: 800 }));
      const { endpoint } = await addEndpoint(owner, { url: target.url });
      // Fewer failures than the file's auto-disable threshold.
      const burst = burstOf(endpoint.id, THRESHOLD - 1);
      await queueDeliveries(burstQueue, { tenantId: owner.tenantId, endpointId: endpoint.id }, burst);
      await waitFor(() => target.received.length > 0, 10_000, "the first attempts");
      expect(await first.stop()).toBe(0);
      first = null;
      second = await startApp({ env });
      const session = { ...owner, baseUrl: second.baseUrl };
      const list = await waitFor(
        async () => {
          const current = await deliveries(session, `?endpointId=${endpoint.id}`);
          return current.length === burst.length && current.every((d) => d.status === "succeeded") ? current : undefined;
        },
        30_000,
        "the retries after the restart",
      );
      for (const delivery of list) expect(delivery.attempts.map((a) => a.status)).toEqual([503, 200]);
      expect(target.received).toHaveLength(2 * burst.length);
    } finally {
      await first?.stop();
      await second?.stop();
      await burstQueue.close();
    }
  });

  it("completes a delivery waiting for its retry while the server restarts, exactly once", async () => {
    const prefix = `pbtest-restart-${randomUUID().slice(0, 8)}`;
    const env = { ...outboundEnv, REDIS_PREFIX: prefix };
    let first: RunningApp | null = await startApp({ env });
    let second: RunningApp | null = null;
    try {
      const owner = await signUp(first.baseUrl);
      // The receiver asks for 12 s: long enough to restart the server in between.
      const target = await receiver((n) => (n === 1 ? { status: 503, headers: { "retry-after": "12" } } : { status: 200 }));
      const { endpoint } = await addEndpoint(owner, { url: target.url });
      await sendOrder(owner, first.baseUrl);
      await waitFor(() => target.received.length === 1, 15_000, "the first attempt");
      expect(await first.stop()).toBe(0);
      first = null;
      second = await startApp({ env });
      const session = { ...owner, baseUrl: second.baseUrl };
      const done = await waitFor(
        async () => (await deliveries(session)).find((d) => d.status === "succeeded"),
        45_000,
        "the retry",
      );
      expect(done.attempts.map((a) => a.status)).toEqual([503, 200]);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(target.received).toHaveLength(2);
      // Retry-After honoured.
      expect((target.received[1]?.at ?? 0) - (target.received[0]?.at ?? 0)).toBeGreaterThanOrEqual(11_500);
      expect(endpoint.id).toBe(done.endpointId);
    } finally {
      await first?.stop();
      await second?.stop();
    }
  });
});

describe("npm run cli -- endpoints …", () => {
  it("round-trips add → test → stats → disable → remove", async () => {
    const owner = await signUp(sharedBaseUrl);
    const target = await receiver();
    const env = {
      // The shared server's database, where its owner was made.
      MONGODB_URI: suiteUri,
      APP_SECRET: "test-app-secret-0123456789abcdef0123456789",
      OUTBOUND_ALLOW_PRIVATE: "true",
      REDIS_PREFIX: `pbtest-cli-${randomUUID().slice(0, 8)}`,
    };
    const cli = async (...args: string[]) => {
      const result = await runCli([...args, "--tenant", owner.tenantId, "--json"], env);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Record<string, unknown>;
    };
    const added = (await cli(
      "endpoints",
      "add",
      target.url,
      "--events",
      "order.created,payment.updated",
      "--header",
      "X-Shop:42",
    )) as {
      endpoint: Endpoint;
      secret: string;
    };
    expect(added.secret).toMatch(/^whsec_/);
    expect(added.endpoint.eventTypes).toEqual(["order.created", "payment.updated"]);
    const id = added.endpoint.id;
    const tested = (await cli("endpoints", "test", id)) as { attempt: Attempt };
    expect(tested.attempt).toMatchObject({ ok: true, status: 200 });
    expect(target.received[0]?.headers["x-shop"]).toBe("42");
    expect(
      new Webhook(added.secret).verify(target.received[0]?.body ?? "", target.received[0]?.headers as Record<string, string>),
    ).toMatchObject({ type: "test" });
    const stats = (await cli("stats")) as { endpoints: Array<{ id: string; stats: Endpoint["stats"] }> };
    expect(stats.endpoints.find((e) => e.id === id)?.stats).toMatchObject({ successes: 1, failures: 0 });
    const listed = (await cli("deliveries", "list")) as { deliveries: Delivery[] };
    expect(listed.deliveries[0]).toMatchObject({ endpointId: id, status: "succeeded", eventTypes: ["test"] });
    expect(await cli("endpoints", "disable", id)).toMatchObject({ endpoint: { enabled: false, disabledReason: "manual" } });
    expect(await cli("endpoints", "remove", id)).toMatchObject({ removed: id });
    expect(((await cli("endpoints", "list")) as { endpoints: Endpoint[] }).endpoints).toEqual([]);
    const missing = await runCli(["endpoints", "remove", id, "--tenant", owner.tenantId], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Endpoint not found");
    // Eight CLI starts, each booting the database client on a shared two-core machine.
  }, 180_000);
});
