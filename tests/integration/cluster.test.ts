import { execFileSync } from "node:child_process";
import { request } from "node:http";
import type { MongoClient } from "mongodb";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSignedRequest } from "@/lib/sender/build-signed-request";
import { startEmbeddedDb } from "@/lib/storage/database/embedded";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { sampleFor } from "@/lib/webhooks/samples";
import { type RunningApp, runServerExpectingExit, startApp, tempDir } from "../support/app-process";
import { signUp } from "../support/http";
import { openMongo, tenantSecret, tenantSocket } from "../support/webhooks";

// `npm start` with WEB_CONCURRENCY=2: two server processes behind one port (node's cluster), on one
// database through the mongodb storage adapter and one Redis. Each request below opens a
// connection of its own, as unrelated platforms and browsers do, so the cluster spreads them over
// both processes.

let db: Awaited<ReturnType<typeof startEmbeddedDb>>;
let mongoUri: string;
let app: RunningApp | undefined;
let mongo: MongoClient;
const open: Socket[] = [];

beforeAll(async () => {
  db = await startEmbeddedDb({ dataDir: tempDir("cluster"), advertise: false });
  mongoUri = withDatabaseName(db.uri, "pulseboard_cluster");
  app = await startApp({
    env: {
      MONGODB_URI: mongoUri,
      STORAGE: "mongodb",
      REDIS_URL: "redis://127.0.0.1:6379",
      WEB_CONCURRENCY: "2",
      // A tenant's bucket of 10 webhooks, refilled at 1/s: shared by the processes through Redis.
      WEBHOOK_RATE_LIMIT_BURST: "10",
      WEBHOOK_RATE_LIMIT_PER_S: "1",
    },
  });
  mongo = await openMongo(mongoUri);
});
afterAll(async () => {
  for (const socket of open) socket.disconnect();
  await mongo?.close();
  await app?.stop();
  await db?.stop();
});

/** One request on a connection of its own (no keep-alive): the answer's status and JSON body. */
function onNewConnection(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    // A connection handed to a process at the moment it dies is lost with it (its client retries).
    const options = { method: init.method ?? "GET", headers: init.headers, agent: false, timeout: 5_000 };
    const req = request(url, options, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
    });
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url} in 5 s`)));
    req.end(init.body);
  });
}

describe("WEB_CONCURRENCY=2", () => {
  it("answers on one port from two processes, and pushes each webhook to every open tab once, whichever process took it", async () => {
    const running = app as RunningApp;
    const nodes = new Set<unknown>();
    for (let i = 0; i < 6; i++) {
      const health = await onNewConnection(`${running.baseUrl}/api/webhooks/health`);
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: "ok", storage: "mongodb" });
      nodes.add(health.body.node);
    }
    expect(nodes.size).toBe(2);

    const owner = await signUp(running.baseUrl);
    const tabs: Array<Awaited<ReturnType<typeof tenantSocket>>> = [];
    for (let i = 0; i < 4; i++) {
      const tab = await tenantSocket(running.baseUrl, owner.cookie, owner.tenantId);
      open.push(tab.socket);
      tabs.push(tab);
    }
    const secret = await tenantSecret(mongo, owner.tenantId);
    const titles = Array.from({ length: 8 }, (_unused, i) => `Cluster note ${i + 1}`);
    for (const title of titles) {
      const signed = buildSignedRequest({
        baseUrl: running.baseUrl,
        kind: "notifications",
        payload: sampleFor("notifications", owner.tenantId, { title }) as never,
        secret,
      });
      const answer = await onNewConnection(signed.url, { method: "POST", headers: signed.headers, body: signed.body });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    const seen = (tab: Awaited<ReturnType<typeof tenantSocket>>) =>
      tab
        .of("new-notification")
        .map((payload) => (payload as { title: string }).title)
        .sort();
    for (const tab of tabs) await expect.poll(() => seen(tab)).toEqual([...titles].sort());
    // Nothing arrives twice (a push relayed by Redis and sent locally as well would).
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const tab of tabs) expect(seen(tab)).toEqual([...titles].sort());
  });

  it("stores and pushes once the same delivery sent to both processes at once", async () => {
    const running = app as RunningApp;
    const owner = await signUp(running.baseUrl);
    const tab = await tenantSocket(running.baseUrl, owner.cookie, owner.tenantId);
    open.push(tab.socket);
    const secret = await tenantSecret(mongo, owner.tenantId);
    const signed = buildSignedRequest({
      baseUrl: running.baseUrl,
      kind: "notifications",
      payload: sampleFor("notifications", owner.tenantId, { title: "Sent twice at once" }) as never,
      secret,
      deliveryId: `twice-${owner.tenantId}`,
    });
    const answers = await Promise.all(
      [1, 2].map(() => onNewConnection(signed.url, { method: "POST", headers: signed.headers, body: signed.body })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 201]);
    expect(answers.map((answer) => answer.body.notificationId)[0]).toBe(answers[1]?.body.notificationId);
    await expect.poll(() => tab.of("new-notification")).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(tab.of("new-notification")).toHaveLength(1);
  });

  it("shares a tenant's webhook rate limit between the processes", async () => {
    const running = app as RunningApp;
    const owner = await signUp(running.baseUrl);
    const secret = await tenantSecret(mongo, owner.tenantId);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const signed = buildSignedRequest({
        baseUrl: running.baseUrl,
        kind: "notifications",
        payload: sampleFor("notifications", owner.tenantId, { title: `Burst ${i}` }) as never,
        secret,
      });
      statuses.push((await onNewConnection(signed.url, { method: "POST", headers: signed.headers, body: signed.body })).status);
    }
    // One bucket of 10 (plus what refilled meanwhile), not one per process (up to 20).
    const accepted = statuses.filter((status) => status === 201).length;
    expect(accepted).toBeGreaterThanOrEqual(10);
    expect(accepted).toBeLessThanOrEqual(13);
    expect(statuses.filter((status) => status !== 201).every((status) => status === 429)).toBe(true);
  });

  it("replaces a process that dies: the port keeps answering from two", async () => {
    const running = app as RunningApp;
    const nodesNow = async () => {
      const nodes = new Set<unknown>();
      for (let i = 0; i < 6; i++) {
        const health = await onNewConnection(`${running.baseUrl}/api/webhooks/health`).catch(() => null);
        if (health) nodes.add(health.body.node);
      }
      return nodes;
    };
    const before = await nodesNow();
    const [victim] = execFileSync("pgrep", ["-P", String(running.pid)], { encoding: "utf8" })
      .trim()
      .split("\n");
    process.kill(Number(victim), "SIGKILL");
    // The other process answers meanwhile (a connection handed to the dying one is lost with it); a
    // new one (a node never seen before) joins within seconds.
    await expect
      .poll(async () => [...(await nodesNow())].filter((node) => !before.has(node)).length, { timeout: 20_000, interval: 500 })
      .toBe(1);
    expect((await nodesNow()).size).toBe(2);
    expect(running.output()).toMatch(/a server process died: starting another/);
  });

  it("stops both processes on SIGTERM and exits 0", async () => {
    const running = app as RunningApp;
    app = undefined;
    expect(await running.stop("SIGTERM")).toBe(0);
    expect(running.output()).toMatch(/"msg":"stopped"/);
  });

  it("refuses to start without Redis, or on a database that takes the single-process adapter, in one line", async () => {
    const withoutRedis = await runServerExpectingExit({
      WEB_CONCURRENCY: "2",
      MONGODB_URI: mongoUri,
      STORAGE: "mongodb",
      REDIS_URL: undefined,
      PORT: "0",
    });
    expect(withoutRedis.code).toBe(1);
    expect(withoutRedis.stderr.trim().split("\n")).toEqual([
      'Invalid configuration: WEB_CONCURRENCY above 1 needs REDIS_URL: the processes share live rooms, rate limits and outbound queues through Redis (got "2")',
    ]);

    // STORAGE=auto on FerretDB chooses the embedded adapter: each process finds out once connected.
    const embedded = await runServerExpectingExit({
      WEB_CONCURRENCY: "2",
      MONGODB_URI: mongoUri,
      REDIS_URL: "redis://127.0.0.1:6379",
      // Named, not inherited: the suite's mongodb pass sets STORAGE=mongodb for everything it starts.
      STORAGE: "auto",
      PORT: "0",
    });
    expect(embedded.code).toBe(1);
    const lines = embedded.stderr.trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines)
      expect(line).toBe(
        "Invalid configuration: WEB_CONCURRENCY above 1 needs the mongodb storage adapter (this database chose embedded; set STORAGE=mongodb)",
      );
  });
});
