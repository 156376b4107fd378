import { randomUUID } from "node:crypto";
import { type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import retireReplacedOrderIndexes from "@/migrations/003-retire-replaced-order-indexes";

// A database of the previous version has the order and payment indexes the orders port no longer
// uses; the step drops them and keeps the unique ones, which exactly-once rests on.
let client: MongoClient;
let db: Db;
beforeAll(async () => {
  client = await MongoClient.connect(inject("mongoUri"));
  db = client.db(`retired_orders_${randomUUID().slice(0, 8)}`);
});
afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
});

const names = async (collection: string) => (await db.collection(collection).indexes()).map((i) => i.name).sort();

it("drops the replaced order and payment indexes, keeps the unique ones, and is done on a second run", async () => {
  await db.collection("orders").createIndex({ tenantId: 1, orderNumber: 1 }, { unique: true });
  await db.collection("orders").createIndex({ tenantId: 1, createdAt: -1 });
  await db.collection("payments").createIndex({ tenantId: 1, paymentId: 1, status: 1 }, { unique: true });
  await db.collection("payments").createIndex({ tenantId: 1, orderNumber: 1 });
  await db.collection("payments").createIndex({ tenantId: 1, orderId: 1 });

  expect(await retireReplacedOrderIndexes.up(db)).toBe("dropped 3 index(es)");
  expect(await names("orders")).toEqual(["_id_", "tenantId_1_orderNumber_1"]);
  expect(await names("payments")).toEqual(["_id_", "tenantId_1_paymentId_1_status_1"]);
  expect(await retireReplacedOrderIndexes.up(db)).toBe("dropped 0 index(es)");
});
