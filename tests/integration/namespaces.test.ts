import { randomBytes } from "node:crypto";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { defaultRedisPrefix } from "@/lib/env";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { type RunningApp, runCli, startApp, tempDir } from "../support/app-process";
import { api, signIn, uniqueEmail } from "../support/http";
import { startReceiver, waitFor } from "../support/receiver";
import { startRedisServer } from "../support/redis-server";
import { tenantSocket, uniqueOrder } from "../support/webhooks";

// Two installations (say production and a staging copy restored from its backup: the same tenant
// id in both) on one Redis, each with its own database and NO REDIS_PREFIX: the prefix derived from
// each database must keep their queues, live events and rate limits apart. With one shared prefix,
// one installation's worker took the other's outbound jobs and dropped them (its database has no
// such endpoint), and its sockets would have received the other's events for the same tenant id.

type Installation = {
  name: string;
  app: RunningApp;
  dataDir: string;
  prefix: string;
  cookie: string;
  webhookSecret: string;
};

const tenantId = randomBytes(12).toString("hex");
const password = "correct-horse-battery";
let redis: Awaited<ReturnType<typeof startRedisServer>>;
let client: Redis;
const installations: Installation[] = [];
const closing: Array<() => Promise<unknown>> = [];

async function install(name: string, redisUrl: string): Promise<Installation> {
  // A folder the server creates itself, so the prefix is derived from the path it resolves.
  const dataDir = path.join(tempDir(`ns-${name}`), "data");
  const env = {
    DATA_DIR: dataDir,
    REDIS_URL: redisUrl,
    OUTBOUND_REDIS_URL: redisUrl,
    // The variable under test: each installation derives its own.
    REDIS_PREFIX: undefined,
    OUTBOUND_ALLOW_PRIVATE: "true",
  };
  const app = await startApp({ env });
  closing.push(() => app.stop());
  const email = uniqueEmail(name);
  const created = await runCli(
    [
      "tenant",
      "create",
      "--name",
      `Shop ${name}`,
      "--admin-email",
      email,
      "--admin-password",
      password,
      "--id",
      tenantId,
      "--json",
    ],
    env,
  );
  expect(created.code, created.stderr).toBe(0);
  const { webhookSecret } = JSON.parse(created.stdout) as { webhookSecret: string };
  const signedIn = await signIn(app.baseUrl, email, password);
  expect(signedIn.status).toBe(200);
  return { name, app, dataDir, prefix: defaultRedisPrefix(undefined, dataDir), cookie: signedIn.cookie, webhookSecret };
}

const session = (i: Installation) => ({ baseUrl: i.app.baseUrl, cookie: i.cookie });
const asTenant = { "x-tenant-id": tenantId };

async function allKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await client.scan(cursor, "COUNT", 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  return keys;
}

beforeAll(async () => {
  redis = await startRedisServer();
  client = new Redis(redis.url);
  // Nothing in it yet: every key found later was written by one of the two installations.
  expect(await allKeys()).toEqual([]);
  for (const name of ["alpha", "beta"]) installations.push(await install(name, redis.url));
});
afterAll(async () => {
  for (const close of closing.reverse()) await close().catch(() => undefined);
  client?.disconnect();
  await redis?.stop();
});
const sockets: Array<{ disconnect: () => unknown }> = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

describe("two installations sharing one Redis, no REDIS_PREFIX set", () => {
  it("derives a different prefix for each installation from its database", () => {
    const [alpha, beta] = installations as [Installation, Installation];
    expect(alpha.prefix).toMatch(/^pb:pulseboard:[0-9a-f]{8}$/);
    expect(beta.prefix).toMatch(/^pb:pulseboard:[0-9a-f]{8}$/);
    expect(alpha.prefix).not.toBe(beta.prefix);
  });

  it("delivers each installation's outbound events to its own endpoint only, none lost", async () => {
    const sent = new Map<Installation, string[]>();
    const receivers = new Map<Installation, Awaited<ReturnType<typeof startReceiver>>>();
    for (const i of installations) {
      const receiver = await startReceiver();
      closing.push(receiver.close);
      receivers.set(i, receiver);
      const created = await api(session(i), "/api/webhooks/endpoints", {
        method: "POST",
        headers: asTenant,
        body: JSON.stringify({ url: receiver.url, eventTypes: ["order.created"] }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
    }
    // Both at once, interleaved, so both workers are polling the Redis while the other's jobs arrive.
    await Promise.all(
      installations.map(async (i) => {
        const numbers: string[] = [];
        for (let n = 0; n < 4; n++) {
          const payload = uniqueOrder(tenantId);
          const result = await sendWebhook({ baseUrl: i.app.baseUrl, kind: "orders", payload, secret: i.webhookSecret });
          expect(result.status).toBe(201);
          numbers.push(String(payload.orderNumber));
        }
        sent.set(i, numbers);
      }),
    );
    const orderNumbers = (i: Installation) =>
      (receivers.get(i)?.received ?? [])
        .map((r) => (JSON.parse(r.body) as { data: { orderNumber: string } }).data.orderNumber)
        .sort();
    for (const i of installations) {
      await waitFor(() => orderNumbers(i).length >= 4, 20_000, `${i.name}'s deliveries`);
    }
    // Time for a stray job to reach the wrong worker, had one been taken.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const i of installations) expect(orderNumbers(i)).toEqual([...(sent.get(i) ?? [])].sort());
  });

  it("pushes each installation's live events to its own sockets only, for the same tenant id", async () => {
    const live = await Promise.all(installations.map((i) => tenantSocket(i.app.baseUrl, i.cookie, tenantId)));
    sockets.push(...live.map((l) => l.socket));
    for (const i of installations) {
      const payload = sampleFor("notifications", tenantId, { title: `From ${i.name}` });
      const result = await sendWebhook({
        baseUrl: i.app.baseUrl,
        kind: "notifications",
        payload: payload as never,
        secret: i.webhookSecret,
      });
      expect(result.status).toBe(201);
    }
    const titles = (n: number) => (live[n]?.of("new-notification") ?? []).map((p) => (p as { title: string }).title);
    await expect.poll(() => titles(0)).toEqual(["From alpha"]);
    await expect.poll(() => titles(1)).toEqual(["From beta"]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(titles(0)).toEqual(["From alpha"]);
    expect(titles(1)).toEqual(["From beta"]);
  });

  it("writes every Redis key under the installation's own prefix: queue, stats, socket streams and rate limits", async () => {
    const [alpha, beta] = installations as [Installation, Installation];
    const keys = await allKeys();
    const of = (i: Installation) => keys.filter((key) => key.startsWith(`${i.prefix}:`));
    expect(keys.filter((key) => !key.startsWith(`${alpha.prefix}:`) && !key.startsWith(`${beta.prefix}:`))).toEqual([]);
    for (const i of [alpha, beta]) {
      const own = of(i).map((key) => key.slice(i.prefix.length + 1));
      // BullMQ's queue, the endpoint's stats, the Socket.IO stream and the tenant's rate limit.
      expect(own).toEqual(
        expect.arrayContaining([
          "outbound:meta",
          expect.stringMatching(/^outbound:stats:[0-9a-f]{24}$/),
          "sio:stream",
          `wh-rate:${tenantId}`,
        ]),
      );
    }
  });
});
