import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type Db, type MongoClient, ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { acquireMigrationLock } from "@/lib/storage/migrations/acquire-migration-lock";
import { sampleFor } from "@/lib/webhooks/samples";
import { migrations } from "@/migrations";
import { runCli, startApp, TEST_APP_SECRET } from "../support/app-process";
import { signUp } from "../support/http";
import { openMongo, tenantSecret, uniqueOrder } from "../support/webhooks";

const baseUrl = inject("baseUrl");
const suiteUri = inject("mongoUri");
const ADOPT = "001-adopt-legacy-parked-payments";
// Every step a new database gets, in order.
const ALL = migrations.map((m) => m.id);

type Status = {
  applied: Array<{ id: string; description: string; appliedAt: string; durationMs: number }>;
  pending: Array<{ id: string; description: string }>;
};
type Migrated = { applied: Array<{ id: string; durationMs: number; summary?: string }> };

let mongo: MongoClient;
beforeAll(async () => {
  mongo = await openMongo(suiteUri);
});
afterAll(async () => {
  await mongo.close();
});

/** A database of its own on the suite's server: what a fresh installation, or one of a previous version, starts from. */
function freshDatabase(): { uri: string; db: Db } {
  const name = `pulseboard_mig_${randomUUID().slice(0, 8)}`;
  const uri = new URL(suiteUri);
  uri.pathname = `/${name}`;
  return { uri: uri.toString(), db: mongo.db(name) };
}

async function cli(args: string[], uri: string) {
  const result = await runCli(["db", ...args, "--json"], { MONGODB_URI: uri, APP_SECRET: TEST_APP_SECRET });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as unknown;
}

describe("migrations at server start", () => {
  it("applies the pending steps before serving, records them, and a second run applies nothing", async () => {
    const { uri, db } = freshDatabase();
    // What a previous version left: a payment parked under the old layout.
    const tenantId = new ObjectId();
    const paymentRecordId = new ObjectId();
    await db
      .collection("pending_payments")
      .insertOne({ tenantId, orderNumber: "ORD-OLD-1", paymentRecordIds: [paymentRecordId] });

    expect(((await cli(["status"], uri)) as Status).pending.map((m) => m.id)).toEqual(ALL);

    const app = await startApp({ env: { MONGODB_URI: uri } });
    try {
      expect(app.output()).toContain(`Applied migration ${ADOPT} in`);
      expect(app.output()).toContain("moved 1 parked payment(s)");
      const record = await db.collection("migrations").findOne({ _id: ADOPT as never });
      expect(record?.appliedAt).toBeInstanceOf(Date);
      expect(record?.durationMs).toBeGreaterThanOrEqual(0);
      expect(await db.collection("pending_payments").countDocuments()).toBe(0);
      expect(await db.collection(`pending_payments_${tenantId}`).findOne({ _id: paymentRecordId })).toMatchObject({
        orderNumber: "ORD-OLD-1",
      });

      const status = (await cli(["status"], uri)) as Status;
      expect(status.pending).toEqual([]);
      expect(status.applied.map((m) => m.id)).toEqual(ALL);
      expect(status.applied[0]).toEqual(
        expect.objectContaining({ id: ADOPT, appliedAt: record?.appliedAt.toISOString(), durationMs: record?.durationMs }),
      );
      expect(await cli(["migrate"], uri)).toEqual({ applied: [] });
      expect(await db.collection("migrations").countDocuments()).toBe(ALL.length);
    } finally {
      await app.stop();
    }
    // Started again: nothing pending, nothing applied.
    const again = await startApp({ env: { MONGODB_URI: uri } });
    await again.stop();
    expect(again.output()).not.toContain("Applied migration");
    await db.dropDatabase();
    await mongo.db(`${db.databaseName}_log`).dropDatabase();
  });
});

describe("npm run cli -- db …", () => {
  it("adopts a payment parked by the previous version, which its order then links; applying again changes nothing", async () => {
    const session = await signUp(baseUrl);
    const tenantId = session.tenantId;
    const secret = await tenantSecret(mongo, tenantId);
    const orderNumber = `ORD-${randomUUID().slice(0, 8)}`;
    const early = await sendWebhook({
      baseUrl,
      kind: "payments",
      payload: sampleFor("payments", tenantId, { orderNumber, paymentId: `pay_${orderNumber}`, status: "paid" }),
      secret,
    });
    expect(early).toMatchObject({ status: 202, body: { orderLinked: false } });

    // Turned into what the previous version left: one pending_payments document per order number,
    // in a database that has not recorded this step.
    const db = mongo.db();
    const payment = await db
      .collection("payments")
      .findOne({ tenantId: new ObjectId(tenantId), paymentId: `pay_${orderNumber}` });
    expect(payment).not.toBeNull();
    await db.collection(`pending_payments_${tenantId}`).deleteMany({});
    await db.collection("pending_payments").insertOne({
      tenantId: new ObjectId(tenantId),
      orderNumber,
      paymentRecordIds: [payment?._id],
    });
    await db.collection("migrations").deleteOne({ _id: ADOPT as never });

    expect(((await cli(["status"], suiteUri)) as Status).pending.map((m) => m.id)).toEqual([ADOPT]);
    const migrated = (await cli(["migrate"], suiteUri)) as Migrated;
    expect(migrated.applied).toEqual([expect.objectContaining({ id: ADOPT, summary: "moved 1 parked payment(s)" })]);
    expect(await db.collection("pending_payments").countDocuments({ tenantId: new ObjectId(tenantId) })).toBe(0);
    const text = await runCli(["db", "status"], { MONGODB_URI: suiteUri, APP_SECRET: TEST_APP_SECRET });
    expect(text.stdout).toMatch(new RegExp(`Applied \\(\\d+\\):\\n(.*\\n)*  ${ADOPT}  `));
    expect(text.stdout).toContain("Pending (0):");

    const order = await sendWebhook({
      baseUrl,
      kind: "orders",
      payload: uniqueOrder(tenantId, { orderNumber, status: "pending" }),
      secret,
    });
    expect(order.status).toBe(201);
    const linked = await db.collection("payments").findOne({ _id: payment?._id });
    expect(String(linked?.orderId)).toBe(order.body.orderId);
    const stored = await db.collection("orders").findOne({ _id: new ObjectId(String(order.body.orderId)) });
    expect(stored?.paymentStatus).toBe("paid");
    expect(stored?.payments.map((p: { paymentId: string }) => p.paymentId)).toEqual([`pay_${orderNumber}`]);

    const plain = await runCli(["db", "migrate"], { MONGODB_URI: suiteUri, APP_SECRET: TEST_APP_SECRET });
    expect(plain.stdout.trim()).toBe("Nothing to apply: the database is up to date.");

    // As after a crash between the step and its record: the step runs again, and finds nothing to do.
    await db.collection("migrations").deleteOne({ _id: ADOPT as never });
    const rerun = (await cli(["migrate"], suiteUri)) as Migrated;
    expect(rerun.applied).toEqual([expect.objectContaining({ id: ADOPT, summary: "moved 0 parked payment(s)" })]);
    expect(await db.collection(`pending_payments_${tenantId}`).countDocuments()).toBe(0);
    const after = await db.collection("orders").findOne({ _id: stored?._id });
    expect(after?.payments).toEqual(stored?.payments);
    expect(String((await db.collection("payments").findOne({ _id: payment?._id }))?.orderId)).toBe(order.body.orderId);
  });

  it("of two processes migrating at once, one applies each step and the other finds it applied", async () => {
    const { uri, db } = freshDatabase();
    const [a, b] = (await Promise.all([cli(["migrate"], uri), cli(["migrate"], uri)])) as Migrated[];
    expect([...(a?.applied ?? []), ...(b?.applied ?? [])].map((m) => m.id).sort()).toEqual(ALL);
    expect(await db.collection("migrations").countDocuments()).toBe(ALL.length);
    await db.dropDatabase();
  });
});

describe("the migration lock", () => {
  it("makes a second holder wait for the release, and takes over from a holder on this machine that died", async () => {
    const { db } = freshDatabase();
    const release = await acquireMigrationLock(db);
    let second: (() => Promise<void>) | undefined;
    const waiting = acquireMigrationLock(db).then((r) => {
      second = r;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(second).toBeUndefined();
    await release();
    await waiting;
    expect(second).toBeDefined();
    await second?.();

    // A holder killed mid-migration: its holding has not expired, yet the next one need not wait it out.
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
    await db.collection("migrations_lock").insertOne({
      _id: 100 as never,
      host: hostname(),
      pid: gone,
      acquiredAt: new Date(),
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const started = Date.now();
    const third = await acquireMigrationLock(db, { waitMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    await third();

    // One held elsewhere (another machine) is waited for until it expires.
    await db.collection("migrations_lock").insertOne({
      _id: 200 as never,
      host: "another-machine",
      pid: 1,
      acquiredAt: new Date(),
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await expect(acquireMigrationLock(db, { waitMs: 500 })).rejects.toThrow(/Migrations are locked by another-machine pid 1/);
    await db.dropDatabase();
  });
});
