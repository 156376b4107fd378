import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSignedRequest } from "@/lib/sender/build-signed-request";
import { type RunningApp, startApp, tempDir } from "../support/app-process";
import { api, type Session, signUp } from "../support/http";
import { type RedisServer, startRedisServer } from "../support/redis-server";
import { uniqueOrder } from "../support/webhooks";

// Drill finding 8 (docs/reliability.md): a Redis that stops answering — a partition, a paused host,
// its connections still open — held every webhook for as long as it was away, because the webhook
// rate limit waited for Redis before the answer. A redis-server of the test's own is paused with
// SIGSTOP (the kernel keeps accepting and holding what is sent: nothing is refused) while a platform
// sends one webhook after another.

const prefix = `pbtest-paused-${randomUUID().slice(0, 8)}`;
let redis: RedisServer;
let app: RunningApp;
let owner: Session;
let secret: string;

beforeAll(async () => {
  redis = await startRedisServer();
  // All of the app's Redis on this one server: rate limits, Socket.IO adapter, outbound queue.
  app = await startApp({ env: { DATA_DIR: tempDir("redis-paused"), REDIS_URL: redis.url, REDIS_PREFIX: prefix } });
  owner = await signUp(app.baseUrl);
  const rotated = await api(owner, "/api/webhooks/settings/generate-secret", { method: "POST", body: "{}" });
  secret = ((await rotated.json()) as { webhookSecret: string }).webhookSecret;
});
afterAll(async () => {
  redis?.resume();
  await app?.stop();
  await redis?.stop();
});

/** One signed order; its status and how long the answer took (a 5 s client timeout: a stall fails, it does not hang). */
async function sendOrder(): Promise<{ status: number | string; ms: number }> {
  const request = buildSignedRequest({ baseUrl: app.baseUrl, kind: "orders", payload: uniqueOrder(owner.tenantId), secret });
  const started = performance.now();
  try {
    const response = await fetch(request.url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(5_000),
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  } catch (error) {
    return { status: (error as Error).name, ms: performance.now() - started };
  }
}

async function health(): Promise<{ redis: string }> {
  return (await (await fetch(`${app.baseUrl}/api/webhooks/health`)).json()) as { redis: string };
}

describe("a Redis that does not answer", () => {
  it("does not hold webhooks: the rate limit falls back to memory within a short bound, and Redis is used again once it answers", async () => {
    expect((await health()).redis).toBe("up");
    for (let i = 0; i < 3; i++) expect((await sendOrder()).status).toBe(201);

    redis.pause();
    const during: Array<{ status: number | string; ms: number }> = [];
    try {
      // A steady sender for 4 s: without a bound, the first answer waits for as long as Redis is paused.
      const until = Date.now() + 4_000;
      while (Date.now() < until) {
        during.push(await sendOrder());
        await sleep(100);
      }
    } finally {
      redis.resume();
    }
    expect(during.length).toBeGreaterThanOrEqual(8);
    expect(during.map((d) => d.status)).toEqual(during.map(() => 201));
    // 200 ms for a command Redis leaves unanswered; the rest is this machine's ordinary answer time.
    const slowest = Math.max(...during.map((d) => d.ms));
    expect(slowest, JSON.stringify(during.map((d) => Math.round(d.ms)))).toBeLessThan(1_500);

    // Redis answers again: the client reconnects (it dropped the silent connection) and the budget
    // is kept in Redis again, shared by every process.
    const client = new Redis(redis.url);
    try {
      const key = `${prefix}:wh-rate:${owner.tenantId}`;
      let sharedAgain = false;
      for (let attempt = 0; attempt < 40 && !sharedAgain; attempt++) {
        expect((await sendOrder()).status).toBe(201);
        sharedAgain = (await health()).redis === "up" && (await client.exists(key)) === 1;
        if (!sharedAgain) await sleep(250);
      }
      expect(sharedAgain).toBe(true);
    } finally {
      client.disconnect();
    }
  });
});
