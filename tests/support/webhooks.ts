import { randomUUID } from "node:crypto";
import { MongoClient, ObjectId } from "mongodb";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, inject } from "vitest";
import { openSecret } from "@/lib/crypto/secret-box";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import { sampleFor } from "@/lib/webhooks/samples";
import { TEST_APP_SECRET, TEST_WEBHOOK_CONFIG_CACHE_MS } from "./app-process";
import { settledRead } from "./settled";

// Helpers for webhook tests: the tenant's signing secret (decrypted the way the app does,
// with the suite's APP_SECRET), raw counts of what a tenant has stored, and a live socket.

export async function openMongo(uri: string): Promise<MongoClient> {
  return MongoClient.connect(uri);
}

/** A suite's own client on the integration database: opened before its tests, closed after them. */
export function suiteMongo(): () => MongoClient {
  let client: MongoClient | undefined;
  beforeAll(async () => {
    client = await openMongo(inject("mongoUri"));
  });
  afterAll(async () => {
    await client?.close();
  });
  return () => {
    if (!client) throw new Error("the suite's database client is opened in beforeAll");
    return client;
  };
}

export async function tenantSecret(mongo: MongoClient, tenantId: string): Promise<string> {
  const doc = await mongo
    .db()
    .collection("tenants")
    .findOne({ _id: new ObjectId(tenantId) });
  if (!doc) throw new Error(`no tenant ${tenantId}`);
  return openSecret(doc.webhookSecretSealed as string, TEST_APP_SECRET, tenantId);
}

/** The log database beside the main one (lib/storage/database/log-database.ts): deliveries, activity, dashboard facts. */
export function logDb(mongo: MongoClient) {
  return mongo.db(logDatabaseName(mongo.db().databaseName));
}

/** What the tenant has stored, once it stops changing (see settled.ts). */
export async function storedCounts(mongo: MongoClient, tenantId: string) {
  const db = mongo.db();
  const filter = { tenantId: new ObjectId(tenantId) };
  const count = (collection: string) => db.collection(collection).countDocuments(filter);
  const logged = (collection: string) => logDb(mongo).collection(collection).countDocuments(filter);
  return settledRead(async () => ({
    orders: await count("orders"),
    payments: await count("payments"),
    notifications: await count("notifications"),
    events: await logged("webhook_events"),
    activity: await logged("activity_logs"),
    rejected: await count("rejected_deliveries"),
  }));
}

/**
 * Changes a tenant's settings behind the server's back, as another process would, and waits out
 * the server's settings cache: a change made elsewhere applies within that time, not at once.
 */
export async function setTenantSettings(mongo: MongoClient, tenantId: string, set: Record<string, unknown>): Promise<void> {
  await mongo
    .db()
    .collection("tenants")
    .updateOne({ _id: new ObjectId(tenantId) }, { $set: set });
  await new Promise((resolve) => setTimeout(resolve, TEST_WEBHOOK_CONFIG_CACHE_MS + 50));
}

/**
 * A signed-in socket that has joined the tenant's room, collecting every event it receives.
 * With `reconnectAfterMs` it reconnects by itself after a drop, after exactly that long.
 */
export async function tenantSocket(
  baseUrl: string,
  cookie: string,
  tenantId: string,
  options: { reconnectAfterMs?: number } = {},
) {
  const delay = options.reconnectAfterMs;
  const socket: Socket = io(baseUrl, {
    transports: ["websocket"],
    extraHeaders: { cookie },
    ...(delay === undefined
      ? { reconnection: false }
      : { reconnection: true, reconnectionDelay: delay, reconnectionDelayMax: delay, randomizationFactor: 0 }),
  });
  const received: Array<{ event: string; payload: unknown }> = [];
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const ack = (await socket.timeout(5_000).emitWithAck("join-tenant", tenantId)) as { ok: boolean };
  if (!ack.ok) throw new Error("join-tenant refused");
  return { socket, received, of: (event: string) => received.filter((r) => r.event === event).map((r) => r.payload) };
}

/** The sample order under a fresh order number: a new order every time. */
export const uniqueOrder = (tenantId: string, extra: Record<string, unknown> = {}) =>
  sampleFor("orders", tenantId, { orderNumber: `ORD-${randomUUID().slice(0, 8)}`, ...extra });
