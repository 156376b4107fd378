import { randomUUID } from "node:crypto";
import path from "node:path";
import { type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import { sampleFor } from "@/lib/webhooks/samples";
import type { OrderWebhookInput } from "@/lib/webhooks/schemas";
import { type RunningApp, startApp } from "../../support/app-process";
import { api, type Session, signUp } from "../../support/http";
import { startReceiver, waitFor } from "../../support/receiver";
import { settledRead } from "../../support/settled";
import { storageKind } from "../../support/storage-kind";
import { tenantSecret } from "../../support/webhooks";

// SPEC §2: the `mongodb` adapter keeps "a fixed set of collections whatever the number of tenants,
// users or days". A server of its own with STORAGE=mongodb (whatever the suite's STORAGE), on a
// fresh database of the suite's FerretDB, takes signed webhooks through its whole path — orders
// (created, retried, changed; each notifies), payments (parked until their order arrives, linked),
// notifications (the team's feed and a member's), a refused delivery — forwards order events to
// an outbound endpoint per tenant, and serves the reads (mark all read, bell, dashboard, activity,
// both deliveries logs, outbound log, order page). So every port is written through its domain
// code: orders, payments, notifications, activity, delivery log, rejected deliveries, dashboard,
// outbound. Nothing in the app takes a clock (orders, facts and log entries are stamped with
// `new Date()` where they are stored), so the server's own clock is moved a day at a time
// (tests/support/simulated-clock.ts). Both the main and the log database must hold the same
// collections after 20 tenants × 3 days as after one tenant and one day (a per-tenant or per-day
// collection would show at the second tenant or day already; 20 keep the suite short).

const DAY_MS = 86_400_000;
const DAYS = 3;
const TENANTS = 20;
// Tenants are driven side by side; each tenant's events go in order.
const CONCURRENCY = 16;
const simulatedClock = path.resolve(import.meta.dirname, "../../support/simulated-clock.ts");

type Shop = { session: Session; secret: string };

let app: RunningApp;
let client: MongoClient;
let main: Db;
let log: Db;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  const uri = new URL(inject("mongoUri"));
  uri.pathname = `/collections_${randomUUID().slice(0, 8)}`;
  // A shorter wait for the heartbeat that ends each clock move's stale connection (nextDay).
  uri.searchParams.set("heartbeatFrequencyMS", "2000");
  client = await MongoClient.connect(uri.toString());
  main = client.db();
  log = client.db(logDatabaseName(main.databaseName));
  receiver = await startReceiver();
  app = await startApp({
    // Day 1 is two days ago, so the last simulated day is today.
    nodeArgs: ["--import", simulatedClock],
    env: {
      MONGODB_URI: uri.toString(),
      STORAGE: "mongodb",
      SIMULATED_CLOCK_OFFSET_MS: String(-(DAYS - 1) * DAY_MS),
      REDIS_URL: "redis://127.0.0.1:6379",
      OUTBOUND_ALLOW_PRIVATE: "true",
      WEBHOOK_RATE_LIMIT_PER_S: "100000",
      WEBHOOK_RATE_LIMIT_BURST: "100000",
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await receiver?.close();
  await main?.dropDatabase().catch(() => undefined);
  await log?.dropDatabase().catch(() => undefined);
  await client?.close();
});

/** Runs `task` for every item, `CONCURRENCY` at a time. */
async function eachOf<T>(items: T[], task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await task(items[index] as T, index);
      }
    }),
  );
}

async function openShop(): Promise<Shop> {
  const session = await signUp(app.baseUrl);
  const created = await api(session, "/api/webhooks/endpoints", {
    method: "POST",
    // One delivery a day per endpoint is enough to write its log.
    body: JSON.stringify({ url: receiver.url, eventTypes: ["order.created"] }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  return { session, secret: await tenantSecret(client, session.tenantId) };
}

/**
 * One tenant's business for the server's current day. Every tenant: a payment parked until its
 * order arrives, the order (which claims it and notifies), a status change (compare-and-set, a
 * notification), a notification for a member, a refused delivery, the member marking all read.
 * With `everything` (one tenant a day, as the reads are scans on FerretDB): a retry, a linked
 * payment, a notification for the whole team, and a read of every page.
 */
async function trade({ session, secret }: Shop, day: number, everything = false): Promise<void> {
  const { tenantId } = session;
  const send = async (kind: "orders" | "payments" | "notifications", payload: Record<string, unknown>, expected: number) => {
    const result = await sendWebhook({ baseUrl: app.baseUrl, kind, payload: { ...payload, tenantId }, secret });
    expect(result.status, `${kind} ${JSON.stringify(result.body)}`).toBe(expected);
    return result.body;
  };
  const order = (status: OrderWebhookInput["status"]) => sampleFor("orders", tenantId, { orderNumber: `ORD-${day}`, status });
  await send("payments", { orderNumber: `ORD-${day}`, paymentId: `pay-${day}-a`, status: "pending", amount: 99.99 }, 202);
  const created = await send("orders", order("pending"), 201);
  await send("orders", order("paid"), 200);
  await send("notifications", sampleFor("notifications", tenantId, { title: `Day ${day}`, userId: session.userId }), 201);
  const refused = await fetch(`${app.baseUrl}/api/webhooks/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-webhook-signature": "0".repeat(64) },
    body: JSON.stringify(order("paid")),
  });
  expect(refused.status).toBe(401);
  const marked = await api(session, "/api/notifications/mark-all-read", { method: "POST" });
  expect(marked.status).toBe(200);
  if (!everything) return;

  await send("orders", order("paid"), 200); // a platform's retry
  await send("payments", { orderNumber: `ORD-${day}`, paymentId: `pay-${day}-a`, status: "paid", amount: 99.99 }, 201);
  await send("notifications", sampleFor("notifications", tenantId, { title: `Day ${day}` }), 201);
  for (const read of [
    "/api/notifications",
    "/api/dashboard?tz=UTC",
    "/api/activity",
    "/api/webhooks/deliveries",
    "/api/webhooks/deliveries/rejected",
    "/api/webhooks/outbound-deliveries",
    `/api/orders/${created.orderId}`,
  ]) {
    const response = await api(session, read);
    expect(response.status, `GET ${read}`).toBe(200);
  }
}

/**
 * Moves the server's clock on by one day, to simulated day `day` (tests/support/simulated-clock.ts).
 * Mongoose then reports its connection stale until the driver's next heartbeat (its `readyState`
 * compares the last heartbeat with `Date.now()`), and the server answers 503 meanwhile: wait for it.
 */
async function nextDay(day: number): Promise<void> {
  process.kill(app.pid, "SIGUSR2");
  await waitFor(() => app.output().includes(`(${day - 1} day(s) on)`), 5_000, `the server's clock at day ${day}`);
  await waitFor(
    async () => {
      const health = (await (await fetch(`${app.baseUrl}/api/webhooks/health`)).json()) as { db?: string };
      return health.db === "up";
    },
    10_000,
    `the server's database connection at day ${day}`,
  );
}

const names = async (db: Db) => (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();

/** Both databases' collections with their sizes, once every effect of the answers and every outbound delivery is stored. */
async function collections() {
  const sized = async (db: Db) =>
    Object.fromEntries(
      await Promise.all((await names(db)).map(async (name) => [name, await db.collection(name).countDocuments()])),
    );
  const settled = await settledRead(async () => ({ main: await sized(main), log: await sized(log) }), 500, 60);
  return { main: Object.keys(settled.main), log: Object.keys(settled.log) };
}

describe("mongodb adapter: collection count", () => {
  // With 50 tenants: 44 s alone on 2 cores, most of it in sign-ups; over 180 s while the other
  // integration pass and a fault drill ran beside it (load average 8–10): hence far more than 60 s.
  it("holds the same collections after 20 tenants over 3 simulated days as after one tenant and one day", {
    timeout: 600_000,
  }, async () => {
    expect(await storageKind(app.baseUrl)).toBe("mongodb");

    const first = await openShop();
    await trade(first, 1, true);
    await waitFor(() => receiver.received.length === 1, 20_000, "the first day's outbound delivery");
    const oneByOne = await collections();

    const shops = [first, ...(await Promise.all(Array.from({ length: TENANTS - 1 }, () => openShop())))];
    await eachOf(shops.slice(1), (shop, index) => trade(shop, 1, index === 0));
    for (let day = 2; day <= DAYS; day++) {
      await nextDay(day);
      await eachOf(shops, (shop, index) => trade(shop, day, index === day));
    }
    await waitFor(() => receiver.received.length === TENANTS * DAYS, 30_000, "every outbound delivery");
    const manyByThree = await collections();

    // The work happened: each tenant's order on each simulated day (three UTC days), every parked
    // payment claimed by its order, every refusal kept.
    const orders = await main
      .collection("orders")
      .find({}, { projection: { createdAt: 1 } })
      .toArray();
    expect(orders).toHaveLength(TENANTS * DAYS);
    expect(new Set(orders.map((o) => (o.createdAt as Date).toISOString().slice(0, 10))).size).toBe(DAYS);
    expect(await main.collection("parked_payments").countDocuments()).toBe(0);
    expect(await main.collection("rejected_deliveries").countDocuments()).toBe(TENANTS * DAYS);

    const added = (after: string[], before: string[]) => after.filter((name) => !before.includes(name));
    console.info(
      `collections after 1 tenant × 1 day (main, log): ${oneByOne.main.length} + ${oneByOne.log.length}, ` +
        `after ${TENANTS} tenants × ${DAYS} days: ${manyByThree.main.length} + ${manyByThree.log.length}\n` +
        `1 × 1: ${JSON.stringify(oneByOne)}\n` +
        `added: ${JSON.stringify({ main: added(manyByThree.main, oneByOne.main), log: added(manyByThree.log, oneByOne.log) })}`,
    );
    expect(manyByThree).toEqual(oneByOne);
  });
});
