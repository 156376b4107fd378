import type { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { EndpointView, OutboundDeliveryView } from "@/lib/outbound/schemas";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { freePort, type RunningApp, startApp } from "../support/app-process";
import { api, signUp } from "../support/http";
import { startReceiver } from "../support/receiver";
import { openMongo, tenantSecret, uniqueOrder } from "../support/webhooks";

// docs/outbound.md "Redis": with the outbound queue's Redis unreachable the app still starts,
// inbound keeps working, and health and the endpoints API say outbound is unavailable. The
// server's OUTBOUND_REDIS_URL points at a local port nothing listens on.

const mongoUri = inject("mongoUri");
let app: RunningApp;
let mongo: MongoClient;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  mongo = await openMongo(mongoUri);
  receiver = await startReceiver(() => ({ status: 500, body: "receiver down" }));
  const closedPort = await freePort();
  app = await startApp({
    env: { MONGODB_URI: mongoUri, OUTBOUND_REDIS_URL: `redis://127.0.0.1:${closedPort}`, OUTBOUND_ALLOW_PRIVATE: "true" },
  });
});
afterAll(async () => {
  await app?.stop();
  await mongo?.close();
  await receiver?.close();
});

type Json = Record<string, unknown>;
async function call(path: string, cookie: string, init: RequestInit = {}): Promise<{ status: number; body: Json }> {
  const response = await api({ baseUrl: app.baseUrl, cookie }, path, init);
  return { status: response.status, body: (await response.json()) as Json };
}

describe("outbound with its Redis unreachable", () => {
  it("starts, reports outbound unavailable in health, and still accepts and stores signed orders", async () => {
    const health = await fetch(`${app.baseUrl}/api/webhooks/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "degraded", db: "up", outbound: "unavailable" });

    const owner = await signUp(app.baseUrl);
    // An endpoint subscribed to everything: the order's fan-out must not hold up or fail the answer.
    const created = await call("/api/webhooks/endpoints", owner.cookie, {
      method: "POST",
      body: JSON.stringify({ url: receiver.url }),
    });
    expect(created.status).toBe(201);
    const payload = uniqueOrder(owner.tenantId);
    const sent = await sendWebhook({
      baseUrl: app.baseUrl,
      kind: "orders",
      payload,
      secret: await tenantSecret(mongo, owner.tenantId),
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const order = await call(`/api/orders/${String(sent.body.orderId)}`, owner.cookie);
    expect(order.status).toBe(200);
    expect(order.body.order).toMatchObject({ orderNumber: payload.orderNumber });
  });

  it("answers the endpoints API as designed: configuration works, stats are null, a manual retry is 503", async () => {
    const owner = await signUp(app.baseUrl);
    const created = await call("/api/webhooks/endpoints", owner.cookie, {
      method: "POST",
      body: JSON.stringify({ url: receiver.url, description: "ERP" }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const id = (created.body.endpoint as EndpointView).id;

    const listed = await call("/api/webhooks/endpoints", owner.cookie);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ outbound: { available: false }, endpoints: [{ id, stats: null }] });
    const one = await call(`/api/webhooks/endpoints/${id}`, owner.cookie);
    expect(one.status).toBe(200);
    expect(one.body.endpoint).toMatchObject({ id, stats: null });

    for (const enabled of [false, true]) {
      const patched = await call(`/api/webhooks/endpoints/${id}`, owner.cookie, {
        method: "PATCH",
        body: JSON.stringify({ enabled }),
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect(patched.body.endpoint).toMatchObject({ enabled, stats: null });
    }

    // The test send makes its one attempt itself, without the queue: it still reaches the receiver.
    const tested = await call(`/api/webhooks/endpoints/${id}/test`, owner.cookie, { method: "POST" });
    expect(tested.status, JSON.stringify(tested.body)).toBe(200);
    expect(tested.body).toMatchObject({ success: false, attempt: { status: 500, ok: false } });
    const logged = await call(`/api/webhooks/outbound-deliveries?endpointId=${id}`, owner.cookie);
    expect(logged.status).toBe(200);
    const [delivery] = logged.body.deliveries as OutboundDeliveryView[];
    expect(delivery).toMatchObject({ status: "failed" });

    // A manual retry needs the queue: a clear 503, not a 500.
    const retried = await call(`/api/webhooks/outbound-deliveries/${delivery?.id}/retry`, owner.cookie, { method: "POST" });
    expect(retried.status).toBe(503);
    expect(retried.body).toMatchObject({ success: false, error: "Outbound delivery is unavailable right now" });

    const removed = await call(`/api/webhooks/endpoints/${id}`, owner.cookie, { method: "DELETE" });
    expect(removed.status).toBe(200);
    expect((await call("/api/webhooks/endpoints", owner.cookie)).body).toMatchObject({ endpoints: [] });
  });
});
