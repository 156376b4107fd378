import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { startEmbeddedDb } from "@/lib/storage/database/embedded";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { sampleFor } from "@/lib/webhooks/samples";
import { type RunningApp, startApp, tempDir } from "../support/app-process";
import { signUp } from "../support/http";
import { openMongo, storedCounts, tenantSecret } from "../support/webhooks";

// These need a server of their own: a tiny rate limit, and a database the test can stop.
let db: Awaited<ReturnType<typeof startEmbeddedDb>>;
let app: RunningApp;
let peer: RunningApp;
let mongoUri: string;

beforeAll(async () => {
  db = await startEmbeddedDb({ dataDir: tempDir("limits"), advertise: false });
  mongoUri = withDatabaseName(db.uri, "pulseboard_limits");
  // Two processes sharing the machine's Redis: one rate budget per tenant across both.
  const env = {
    MONGODB_URI: mongoUri,
    REDIS_URL: "redis://127.0.0.1:6379",
    // One installation: both derive the same prefix from the database, hence share the budget's keys.
    REDIS_PREFIX: undefined,
    WEBHOOK_RATE_LIMIT_PER_S: "2",
    WEBHOOK_RATE_LIMIT_BURST: "4",
  };
  [app, peer] = await Promise.all([startApp({ env }), startApp({ env })]);
});
afterAll(async () => {
  await peer.stop();
  await app.stop();
  await db.stop();
});

const order = (tenantId: string) => sampleFor("orders", tenantId, { orderNumber: `ORD-${randomUUID().slice(0, 8)}` });

describe("per-tenant rate limit", () => {
  it("answers 429 with Retry-After past the burst — one budget across two processes sharing Redis — and leaves other tenants alone", async () => {
    const health = (await (await fetch(`${app.baseUrl}/api/webhooks/health`)).json()) as { redis: string };
    expect(health.redis).toBe("up");
    const a = await signUp(app.baseUrl);
    const b = await signUp(app.baseUrl);
    const mongo = await openMongo(mongoUri);
    const [secretA, secretB] = [await tenantSecret(mongo, a.tenantId), await tenantSecret(mongo, b.tenantId)];
    // Half to each process: were the budget per process, up to twice the burst would pass.
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sendWebhook({
          baseUrl: (i % 2 ? peer : app).baseUrl,
          kind: "orders",
          payload: order(a.tenantId),
          secret: secretA,
        }),
      ),
    );
    // The bucket refills at 2/s while the burst is in flight; on a loaded machine that can take seconds.
    const refilled = Math.ceil((2 * (performance.now() - started)) / 1000);
    const limited = results.filter((r) => r.status === 429);
    const accepted = results.filter((r) => r.status === 201);
    expect(limited.length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThanOrEqual(2);
    expect(accepted.length).toBeLessThanOrEqual(4 + refilled);
    expect(Number(limited[0]?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited[0]?.body).toMatchObject({ success: false, reason: "rate_limited" });
    expect((await storedCounts(mongo, a.tenantId)).orders).toBe(accepted.length);

    expect(
      (await sendWebhook({ baseUrl: app.baseUrl, kind: "orders", payload: order(b.tenantId), secret: secretB })).status,
    ).toBe(201);
    await mongo.close();
  });
});

describe("database outage", () => {
  it("answers 503 with Retry-After while the database is down, and health says so", async () => {
    const t = await signUp(app.baseUrl);
    const mongo = await openMongo(mongoUri);
    const secret = await tenantSecret(mongo, t.tenantId);
    await mongo.close();
    await new Promise((r) => setTimeout(r, 1100));

    await db.stop();
    const during = await sendWebhook({ baseUrl: app.baseUrl, kind: "orders", payload: order(t.tenantId), secret });
    expect(during.status).toBe(503);
    expect(during.headers.get("retry-after")).toBe("5");
    expect(during.body).toMatchObject({ success: false });
    const health = await fetch(`${app.baseUrl}/api/webhooks/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "unavailable", db: "down" });
  });
});
