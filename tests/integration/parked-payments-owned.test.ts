import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { MongoClient } from "mongodb";
import { ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { sampleFor } from "@/lib/webhooks/samples";
import { type RunningApp, startApp, tempDir } from "../support/app-process";
import { signUp } from "../support/http";
import { openMongo, tenantSecret, uniqueOrder } from "../support/webhooks";

// A server that owns its embedded database (DATA_DIR) keeps each tenant's parked payments in memory
// once read (lib/storage/embedded/orders.ts, issue 18): a new order finds the payments that came
// before it without a read on its answer's path. What the merchant sees must not change: every
// payment that came first is on its order once, whatever the order of arrival, also across a restart.

let dataDir: string;
let app: RunningApp;
let mongo: MongoClient;
let tenantId: string;
let secret: string;

/** The server, and a client of the database it started (on a new port at each start). */
const start = async () => {
  app = await startApp({ env: { DATA_DIR: dataDir } });
  await mongo?.close();
  const { uri } = JSON.parse(readFileSync(path.join(dataDir, "embedded-db.json"), "utf8")) as { uri: string };
  mongo = await openMongo(withDatabaseName(uri));
};

async function pay(orderNumber: string, paymentId: string) {
  return sendWebhook({
    baseUrl: app.baseUrl,
    kind: "payments",
    payload: sampleFor("payments", tenantId, { orderNumber, paymentId, status: "paid" }),
    secret,
  });
}

async function order(orderNumber: string) {
  const sent = await sendWebhook({
    baseUrl: app.baseUrl,
    kind: "orders",
    payload: uniqueOrder(tenantId, { orderNumber, status: "pending" }),
    secret,
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  return sent.body.orderId as string;
}

const paymentsOn = async (orderId: string) =>
  (
    await mongo
      .db()
      .collection("orders")
      .findOne({ _id: new ObjectId(orderId) })
  )?.payments.map((p: { paymentId: string }) => p.paymentId) ?? [];

beforeAll(async () => {
  dataDir = tempDir("parked-owned");
  await start();
  const owner = await signUp(app.baseUrl);
  tenantId = owner.tenantId;
  secret = await tenantSecret(mongo, tenantId);
});

afterAll(async () => {
  await mongo?.close();
  await app?.stop("SIGTERM");
});

describe("payments that arrive before their order, on a server that owns its database", () => {
  it("links each one to its order once, however payments and orders interleave", async () => {
    const numbers = Array.from({ length: 12 }, () => `ORD-P${randomUUID().slice(0, 8)}`);
    // Half the payments first; then the rest of the payments and every order at once.
    const early = await Promise.all(numbers.slice(0, 6).map((n) => pay(n, `pay_${n}`)));
    expect(early.map((r) => r.status)).toEqual(Array(6).fill(202));
    const [orders] = await Promise.all([
      Promise.all(numbers.map(order)),
      Promise.all(numbers.slice(6).map((n) => pay(n, `pay_${n}`))),
    ]);
    for (const [i, orderId] of orders.entries()) expect(await paymentsOn(orderId)).toEqual([`pay_${numbers[i]}`]);
  });

  it("finds after a restart the payments parked before it", async () => {
    const orderNumber = `ORD-R${randomUUID().slice(0, 8)}`;
    // The tenant's parked payments are already known in memory (the test above read them).
    expect((await pay(orderNumber, `pay_${orderNumber}`)).body).toMatchObject({ orderLinked: false });
    await app.stop("SIGTERM");
    await start();
    const orderId = await order(orderNumber);
    expect(await paymentsOn(orderId)).toEqual([`pay_${orderNumber}`]);
    // Linked once: a second payment for the same order goes straight to it, and nothing stays parked.
    expect((await pay(orderNumber, `pay_${orderNumber}_2`)).body).toMatchObject({ orderLinked: true });
    expect(await paymentsOn(orderId)).toEqual([`pay_${orderNumber}`, `pay_${orderNumber}_2`]);
    expect(await mongo.db().collection(`pending_payments_${tenantId}`).countDocuments()).toBe(0);
  });
});
