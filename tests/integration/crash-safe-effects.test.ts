import { randomUUID } from "node:crypto";
import { type MongoClient, ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DashboardView } from "@/lib/dashboard/schemas";
import type { OrderDetail } from "@/lib/orders/get-order-detail";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { createStorage } from "@/lib/storage/create-storage";
import type { Storage } from "@/lib/storage/ports";
import type { NewJournalEntry } from "@/lib/storage/ports/effect-journal";
import { type StorageSetting, selectStorage } from "@/lib/storage/select-storage";
import type { WebhookKind } from "@/lib/webhooks/schemas";
import { type RunningApp, startApp } from "../support/app-process";
import { api, type Session, signUp } from "../support/http";
import { settledRead } from "../support/settled";
import { logDb, openMongo, tenantSecret, uniqueOrder } from "../support/webhooks";

// Crash-safe effects (docs/reliability.md): an accepted event's record is written after its entry
// in the effect journal, so a process that dies between the record and its effects leaves the
// entry behind. The test writes exactly what such a crash leaves (the entry and the record, by
// the storage ports the server uses), then checks what a tenant admin reads: after a restart, or
// when the platform retries, the notification, activity entry, delivery record, payment link and
// dashboard count are there, once each.

const suiteUri = inject("mongoUri");
// The mongodb pass runs the server and this test's writer with STORAGE=mongodb.
const setting = (process.env.STORAGE ?? "auto") as StorageSetting;

let mongo: MongoClient;
let uri: string;
beforeAll(async () => {
  const url = new URL(suiteUri);
  url.pathname = `/pulseboard_crash_${randomUUID().slice(0, 8)}`;
  uri = url.toString();
  mongo = await openMongo(uri);
});
afterAll(async () => {
  await mongo.close();
});

const start = () => startApp({ env: { MONGODB_URI: uri, JOURNAL_REPLAY_AFTER_MS: "1000" } });

/** What a server that died right after storing the record leaves: the open entry and the record. */
async function crashAfterRecord(
  tenantId: string,
  kind: WebhookKind,
  input: Record<string, unknown>,
  eventKey: string,
  write: (storage: Storage, event: string) => Promise<unknown>,
): Promise<void> {
  const db = mongo.db();
  const storage = createStorage(await selectStorage(setting, db), db);
  try {
    const rawBody = JSON.stringify(input);
    // Opened by the process that died (its id: no live server has it).
    const entry: NewJournalEntry = {
      eventKey,
      kind,
      input,
      deliveryId: null,
      scheme: "hex",
      headers: {},
      rawBody,
      openedBy: "process-that-died",
    };
    const { entry: opened } = await storage.effectJournal.open(tenantId, entry);
    await write(storage, opened.id);
  } finally {
    await storage.close();
  }
}

/** The order's record as the server stores it, stamped with the event that stores it. */
function storeOrder(tenantId: string, order: Record<string, unknown>) {
  return (storage: Storage, event: string) =>
    storage.orders.createOrder(
      tenantId,
      {
        orderNumber: String(order.orderNumber),
        customerName: String(order.customerName),
        customerEmail: null,
        amount: Number(order.amount),
        currency: "USD",
        status: String(order.status),
        items: [],
        metadata: {},
        event,
      },
      new Date(),
    );
}

async function read<T>(session: Session, path: string): Promise<T> {
  const response = await api(session, path);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

async function seen(session: Session) {
  const notifications = await read<{ notifications: Array<{ title: string }> }>(session, "/api/notifications?limit=100");
  const activity = await read<{ entries: Array<{ kind: string; summary: string }> }>(session, "/api/activity?limit=100");
  const deliveries = await logDb(mongo)
    .collection("webhook_events")
    .find({ tenantId: new ObjectId(session.tenantId) })
    .toArray();
  const dashboard = await read<DashboardView>(session, "/api/dashboard?tz=UTC");
  return {
    titles: notifications.notifications.map((n) => n.title).sort(),
    activity: activity.entries
      .filter((e) => e.kind.startsWith("webhook."))
      .map((e) => e.summary)
      .sort(),
    deliveries: deliveries.map((d) => d.dedupeKey as string).sort(),
    orders: dashboard.kpis.orders,
    paid: dashboard.kpis.payments.paid,
  };
}

describe("crash-safe effects", () => {
  let app: RunningApp | undefined;
  afterAll(async () => {
    await app?.stop();
  });

  it("replays at start what a crash left between an event's record and its effects, once each", async () => {
    app = await start();
    const owner = await signUp(app.baseUrl);
    const secret = await tenantSecret(mongo, owner.tenantId);
    await app.stop();
    app = undefined;

    const order = uniqueOrder(owner.tenantId, { orderNumber: "ORD-CRASH-1", status: "pending", amount: 42 });
    const payment = {
      paymentId: "pay_CRASH_1",
      orderNumber: "ORD-CRASH-1",
      status: "paid",
      amount: 42,
      metadata: {},
    };
    // The order's record is stored (its effects are not); the payment was stored before its order
    // arrived and parked, then the process died before its own effects.
    await crashAfterRecord(owner.tenantId, "orders", order, "order:ORD-CRASH-1:pending", storeOrder(owner.tenantId, order));
    await crashAfterRecord(owner.tenantId, "payments", payment, "payment:pay_CRASH_1:paid", (storage, event) =>
      storage.orders.recordPayment(owner.tenantId, { ...payment, metadata: {}, event }, new Date()),
    );

    // A restart comes later than the crash by more than the start's grace (JOURNAL_REPLAY_AFTER_MS
    // here): entries of a process that may still be alive are younger than that.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    app = await start();
    const session = { ...owner, baseUrl: app.baseUrl };
    const after = await settledRead(() => seen(session), 300, 60);
    expect(after.titles).toEqual(["New order ORD-CRASH-1", "Payment paid for order ORD-CRASH-1"]);
    expect(after.activity).toEqual(["Order ORD-CRASH-1 received", "Payment pay_CRASH_1 paid for order ORD-CRASH-1"]);
    expect(after.deliveries).toEqual(["order:ORD-CRASH-1:pending", "payment:pay_CRASH_1:paid"]);
    expect(after.orders).toBe(1);
    expect(after.paid).toBe(1);

    const orders = await mongo.db().collection("orders").find({ orderNumber: "ORD-CRASH-1" }).toArray();
    expect(orders).toHaveLength(1);
    const { order: detail } = await read<{ order: OrderDetail }>(session, `/api/orders/${String(orders[0]?._id)}`);
    expect(detail.paymentStatus).toBe("paid");
    expect(detail.payments.map((p) => p.paymentId)).toEqual(["pay_CRASH_1"]);

    // The platform retries the order (its answer never came): a duplicate, and nothing written twice.
    const retry = await sendWebhook({ baseUrl: app.baseUrl, kind: "orders", payload: order, secret });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ duplicate: true, orderNumber: "ORD-CRASH-1" });
    const again = await settledRead(() => seen(session), 300, 20);
    expect(again.titles).toEqual(after.titles);
    expect(again.activity).toEqual(after.activity);
    expect(again.orders).toBe(1);
  });

  it("replays an unfinished event when the platform retries it, and answers it as a duplicate", async () => {
    app ??= await start();
    const owner = await signUp(app.baseUrl);
    const session = { ...owner, baseUrl: app.baseUrl };
    const secret = await tenantSecret(mongo, owner.tenantId);
    const order = uniqueOrder(owner.tenantId, { orderNumber: "ORD-CRASH-2", status: "pending", amount: 7 });
    await crashAfterRecord(owner.tenantId, "orders", order, "order:ORD-CRASH-2:pending", storeOrder(owner.tenantId, order));

    const retry = await sendWebhook({ baseUrl: app.baseUrl, kind: "orders", payload: order, secret });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ duplicate: true, orderNumber: "ORD-CRASH-2" });
    const after = await settledRead(() => seen(session), 300, 40);
    expect(after.titles).toEqual(["New order ORD-CRASH-2"]);
    expect(after.activity).toEqual(["Order ORD-CRASH-2 received"]);
    expect(after.orders).toBe(1);
    // Its first record and the retry's own are both in the deliveries log.
    expect(after.deliveries).toEqual(["order:ORD-CRASH-2:pending", "order:ORD-CRASH-2:pending"]);
  });

  it("replays an older event without undoing the changes that came after it", async () => {
    app ??= await start();
    const owner = await signUp(app.baseUrl);
    const session = { ...owner, baseUrl: app.baseUrl };
    const secret = await tenantSecret(mongo, owner.tenantId);
    const order = uniqueOrder(owner.tenantId, { orderNumber: "ORD-CRASH-3", status: "pending", amount: 9 });
    await crashAfterRecord(owner.tenantId, "orders", order, "order:ORD-CRASH-3:pending", storeOrder(owner.tenantId, order));

    // The order moves on before the platform retries its creation.
    const shipped = await sendWebhook({ baseUrl: app.baseUrl, kind: "orders", payload: { ...order, status: "shipped" }, secret });
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ updated: true, previousStatus: "pending", status: "shipped" });
    const retry = await sendWebhook({ baseUrl: app.baseUrl, kind: "orders", payload: order, secret });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ duplicate: true });

    const after = await settledRead(() => seen(session), 300, 40);
    expect(after.titles).toEqual(["New order ORD-CRASH-3", "Order ORD-CRASH-3 is shipped"]);
    expect(after.activity).toEqual(["Order ORD-CRASH-3 received", "Order ORD-CRASH-3: pending → shipped"]);
    const stored = await mongo
      .db()
      .collection("orders")
      .findOne({ tenantId: new ObjectId(owner.tenantId) });
    expect(stored?.status).toBe("shipped");
  });
});
