import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type MongoClient, ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createSender, type SenderOptions } from "@/lib/sender/create-sender";
import { SenderError } from "@/lib/sender/sender-error";
import { sampleFor } from "@/lib/webhooks/samples";
import { freePort, type RunningApp, runCli, startApp, TEST_APP_SECRET } from "../support/app-process";
import { signUp } from "../support/http";
import { logDb, openMongo, storedCounts, tenantSecret } from "../support/webhooks";

const baseUrl = inject("baseUrl");
const mongoUri = inject("mongoUri");
let mongo: MongoClient;

beforeAll(async () => {
  mongo = await openMongo(mongoUri);
});
afterAll(async () => {
  await mongo.close();
});

async function senderFor(url: string, options: Partial<SenderOptions> = {}) {
  const session = await signUp(url);
  const secret = await tenantSecret(mongo, session.tenantId);
  return {
    tenantId: session.tenantId,
    secret,
    sender: createSender({ baseUrl: url, tenantId: session.tenantId, secret, ...options }),
  };
}

const stored = (collection: string, tenantId: string) =>
  (collection === "webhook_events" ? logDb(mongo) : mongo.db())
    .collection(collection)
    .find({ tenantId: new ObjectId(tenantId) })
    .toArray();

describe("the sender SDK's typed sends and helpers", () => {
  it("sendOrder, sendPayment and sendNotification each land their record, with either scheme", async () => {
    for (const scheme of ["standard", "hex"] as const) {
      const { tenantId, sender } = await senderFor(baseUrl, { scheme });
      const orderNumber = `ORD-${randomUUID().slice(0, 8)}`;
      const order = await sender.sendOrder({ orderNumber, customerName: "Ada Lovelace", amount: 42.5, status: "pending" });
      expect(order).toMatchObject({ status: 201, attempts: 1, body: { success: true, orderNumber } });
      expect(order.body.orderId).toMatch(/^[0-9a-f]{24}$/);
      const payment = await sender.sendPayment({ orderNumber, amount: 42.5, status: "paid", paymentId: `pay_${orderNumber}` });
      expect(payment).toMatchObject({ status: 201, body: { orderLinked: true, orderId: order.body.orderId } });
      const note = await sender.sendNotification({ title: "Deploy finished", message: "v2 is live", type: "success" });
      expect(note.status).toBe(201);

      const [orders, notifications] = [await stored("orders", tenantId), await stored("notifications", tenantId)];
      expect(orders).toHaveLength(1);
      expect(orders[0]).toMatchObject({ orderNumber, amount: 42.5, paymentStatus: "paid" });
      expect(notifications.find((n) => String(n._id) === note.body.notificationId)).toMatchObject({
        title: "Deploy finished",
        type: "success",
      });
      // The platform's idempotency key is what the server saw (delivery records follow the answer by a round).
      await expect.poll(async () => (await stored("webhook_events", tenantId)).length).toBe(3);
      const events = await stored("webhook_events", tenantId);
      expect(events.map((e) => e.deliveryId).sort()).toEqual([order.deliveryId, payment.deliveryId, note.deliveryId].sort());
      expect(new Set(events.map((e) => e.scheme))).toEqual(new Set([scheme]));
    }
  });

  it("handleCheckoutComplete, sendLowStockAlert and sendMaintenanceNotification send what the original helpers did", async () => {
    const { tenantId, sender } = await senderFor(baseUrl);
    const checkout = await sender.handleCheckoutComplete({
      orderNumber: "ORD-12345",
      customerName: "John Doe",
      customerEmail: "john@example.com",
      total: 99.99,
      items: [{ productId: "prod_123", productName: "Product Name", quantity: 2, price: 49.99 }],
      paymentMethod: "stripe",
      paymentId: "pi_123",
    });
    expect(checkout.order.status).toBe(201);
    expect(checkout.payment).toMatchObject({ status: 201, body: { paymentId: "pi_123", orderLinked: true } });
    const [order] = await stored("orders", tenantId);
    expect(order).toMatchObject({
      orderNumber: "ORD-12345",
      status: "paid",
      amount: 99.99,
      metadata: { paymentMethod: "stripe" },
    });
    expect(await stored("payments", tenantId)).toMatchObject([{ paymentId: "pi_123", status: "paid", orderId: order?._id }]);

    const low = await sender.sendLowStockAlert({
      id: "prod_123",
      name: "Product Name",
      stockLevel: 5,
      lowStockThreshold: 10,
      adminUrl: "https://shop.example/admin/products/prod_123",
    });
    const out = await sender.sendLowStockAlert({ id: "prod_9", name: "Mug", stockLevel: 0, lowStockThreshold: 3 });
    const maintenance = await sender.sendMaintenanceNotification({
      scheduledTime: "2024-01-15T02:00:00Z",
      estimatedDuration: "2 hours",
      affectedServices: ["payments", "orders"],
    });
    const byId = new Map((await stored("notifications", tenantId)).map((n) => [String(n._id), n]));
    expect(byId.get(low.body.notificationId)).toMatchObject({
      title: "Low stock: Product Name",
      message: "Product Name is down to 5 units (threshold 10).",
      type: "warning",
      actionUrl: "https://shop.example/admin/products/prod_123",
      actionText: "Manage stock",
      metadata: { productId: "prod_123", stockLevel: 5, lowStockThreshold: 10 },
    });
    expect(byId.get(out.body.notificationId)).toMatchObject({ title: "Out of stock: Mug", type: "error", priority: "high" });
    // Without the store's admin URL there is no link: Pulseboard has no product pages to send it to.
    expect(byId.get(out.body.notificationId)?.actionUrl ?? null).toBeNull();
    expect(byId.get(maintenance.body.notificationId)).toMatchObject({
      title: "Scheduled maintenance",
      message: "Maintenance starts 2024-01-15T02:00:00Z and should take 2 hours. Affected services: payments, orders.",
      type: "info",
      metadata: { affectedServices: ["payments", "orders"] },
    });
  });

  it("refuses an invalid payload before sending anything, and does not retry a refusal", async () => {
    const { tenantId, sender } = await senderFor(baseUrl);
    const invalid = await sender.sendPayment({ amount: -1, status: "paid", paymentId: "pay_1" }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(SenderError);
    expect(invalid).toMatchObject({ code: "invalid_payload", attempts: 0 });
    expect((invalid as SenderError).message).toMatch(/amount/);

    const wrong = createSender({ baseUrl, tenantId, secret: "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZyE=" });
    const refused = await wrong.sendOrder({ orderNumber: "ORD-1", customerName: "X", amount: 1 }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "rejected", status: 401, attempts: 1 });
    expect((refused as SenderError).info.body).toMatchObject({ success: false });
    expect(await storedCounts(mongo, tenantId)).toMatchObject({ orders: 0, payments: 0, events: 0, rejected: 1 });
  });

  it("the CLI's send goes through the SDK", async () => {
    const { tenantId } = await senderFor(baseUrl);
    const sent = await runCli(
      ["send", "notifications", "--tenant", tenantId, "--url", baseUrl, "--scheme", "standard", "--json"],
      {
        MONGODB_URI: mongoUri,
        APP_SECRET: TEST_APP_SECRET,
      },
    );
    expect(sent.code).toBe(0);
    const out = JSON.parse(sent.stdout) as { status: number; deliveryId: string; attempts: number };
    expect(out).toMatchObject({ status: 201, attempts: 1 });
    await expect.poll(async () => (await stored("webhook_events", tenantId)).map((e) => e.deliveryId)).toEqual([out.deliveryId]);
  });
});

describe("retries", () => {
  let limited: RunningApp;
  beforeAll(async () => {
    // A server of its own, same database, with a rate limit small enough to hit on purpose.
    limited = await startApp({ env: { MONGODB_URI: mongoUri, WEBHOOK_RATE_LIMIT_PER_S: "1", WEBHOOK_RATE_LIMIT_BURST: "2" } });
  });
  afterAll(async () => {
    await limited.stop();
  });

  it("waits out a 429's Retry-After and then succeeds, every order stored once", async () => {
    const retries: Array<{ status?: number; delayMs: number }> = [];
    const { tenantId, sender } = await senderFor(limited.baseUrl, { onRetry: (e) => retries.push(e) });
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        sender.sendOrder(sampleFor("orders", tenantId, { orderNumber: `ORD-${randomUUID().slice(0, 8)}` })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.every((r) => r.status === 429 && r.delayMs >= 1000)).toBe(true);
    expect(Math.max(...results.map((r) => r.attempts))).toBeGreaterThan(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const counts = await storedCounts(mongo, tenantId);
    expect(counts).toMatchObject({ orders: 4, events: 4, rejected: retries.length });
  });

  it("fails with the server's delay when Retry-After is longer than the policy allows", async () => {
    const { tenantId, sender } = await senderFor(limited.baseUrl, { retry: { maxRetryAfterMs: 100 } });
    const order = () => sender.sendOrder(sampleFor("orders", tenantId, { orderNumber: `ORD-${randomUUID().slice(0, 8)}` }));
    const settled = await Promise.allSettled([order(), order(), order(), order()]);
    const failed = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as SenderError] : []));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({ code: "rate_limited", status: 429, attempts: 1 });
    expect(failed[0]?.info.retryAfterMs).toBeGreaterThanOrEqual(1000);
  });
});

describe("no answer at all", () => {
  it("backs off on a refused connection, fails as a network error, and a cancelled send stops waiting at once", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const retries: number[] = [];
    const sender = createSender({
      baseUrl: closed,
      tenantId: new ObjectId().toHexString(),
      secret: "whsec_c2VjcmV0",
      retry: { maxAttempts: 3, baseDelayMs: 20 },
      onRetry: (e) => retries.push(e.attempt),
    });
    const failed = await sender.sendNotification({ title: "t", message: "m" }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: "network", attempts: 3 });
    expect(retries).toEqual([1, 2]);

    const slow = createSender({
      baseUrl: closed,
      tenantId: new ObjectId().toHexString(),
      secret: "whsec_c2VjcmV0",
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error("shutting down")), 300);
    const cancelled = await slow
      .sendNotification({ title: "t", message: "m" }, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(cancelled).toMatchObject({ message: "shutting down" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("a retried send never duplicates", () => {
  // Between the SDK and the server: forwards each request, but cuts the connection instead of
  // returning the first answer — the server stored the event and the sender never heard back.
  let proxy: Server;
  let proxyUrl: string;
  let cut = 0;
  beforeAll(async () => {
    const upstream = new URL(baseUrl);
    proxy = createServer((req, res) => {
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          if (cut > 0) {
            cut--;
            answer.resume();
            answer.on("end", () => req.socket.destroy());
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy.close(resolve));
  });

  it("an order, a payment and a notification whose answers were lost are each stored once", async () => {
    for (const scheme of ["standard", "hex"] as const) {
      const session = await signUp(baseUrl);
      const secret = await tenantSecret(mongo, session.tenantId);
      const retried: string[] = [];
      const sender = createSender({
        baseUrl: proxyUrl,
        tenantId: session.tenantId,
        secret,
        scheme,
        retry: { baseDelayMs: 10 },
        onRetry: (e) => retried.push(e.deliveryId),
      });
      const orderNumber = `ORD-${randomUUID().slice(0, 8)}`;
      cut = 1;
      const order = await sender.sendOrder({ orderNumber, customerName: "Grace Hopper", amount: 10 });
      cut = 1;
      const payment = await sender.sendPayment({ orderNumber, amount: 10, status: "paid", paymentId: `pay_${orderNumber}` });
      cut = 1;
      const note = await sender.sendNotification({ title: "Hello", message: "Only once" });
      for (const sent of [order, payment, note])
        expect(sent).toMatchObject({ status: 200, attempts: 2, body: { duplicate: true } });
      // Each retry carried its first attempt's key.
      expect(retried).toEqual([order.deliveryId, payment.deliveryId, note.deliveryId]);
      expect(await storedCounts(mongo, session.tenantId)).toMatchObject({ orders: 1, payments: 1 });
      expect((await stored("notifications", session.tenantId)).filter((n) => n.title === "Hello")).toHaveLength(1);
    }
  });
});
