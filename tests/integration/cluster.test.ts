import type { MongoClient } from "mongodb";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSignedRequest } from "@/lib/sender/build-signed-request";
import { startEmbeddedDb } from "@/lib/storage/database/embedded";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { sampleFor } from "@/lib/webhooks/samples";
import { type RunningApp, runServerExpectingExit, startApp, tempDir } from "../support/app-process";
import { backToTwo, nodesNow, oneWorker, onNewConnection } from "../support/cluster";
import { api, signUp } from "../support/http";
import { firstAttemptFails, startReceiver } from "../support/receiver";
import { openMongo, tenantSecret, tenantSocket, uniqueOrder } from "../support/webhooks";

// `npm start` with WEB_CONCURRENCY=2: two server processes behind one port (node's cluster), on one
// database through the mongodb storage adapter and one Redis. Each request below opens a
// connection of its own, as unrelated platforms and browsers do, so the cluster spreads them over
// both processes. FerretDB applies an update by reading and writing back (two processes' updates of
// one document at once can lose one there, not on MongoDB): what these tests race across the
// processes is decided by unique inserts, which it enforces, and by Redis; no counter both update
// is asserted.

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
      // Endpoints on loopback (the test's receiver), and a first retry 1.5 s after a failure: time
      // to stop the process that queued it.
      OUTBOUND_ALLOW_PRIVATE: "true",
      OUTBOUND_RETRY_BASE_MS: "1500",
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

/** A signed webhook sent as a platform sends it: on a 503, a 429 or a lost connection, again (same delivery id) until taken. */
async function deliverUntilTaken(signed: ReturnType<typeof buildSignedRequest>): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await onNewConnection(signed.url, { method: "POST", headers: signed.headers, body: signed.body }).catch(
      () => null,
    );
    if (answer && (answer.status === 201 || answer.status === 200)) return answer.status;
    if (answer && answer.status !== 503 && answer.status !== 429)
      throw new Error(`refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    if (Date.now() > deadline) throw new Error("not taken within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * A tab as the browser keeps one (lib/realtime/client/notification-center.ts): it reconnects after
 * a drop, also after a server's goodbye, and joins its tenant again when the connection was not
 * recovered. Counts its drops.
 */
async function stayingTab(baseUrl: string, cookie: string, tenantId: string) {
  const tab = await tenantSocket(baseUrl, cookie, tenantId, { reconnectAfterMs: 200 });
  let drops = 0;
  tab.socket.on("disconnect", (reason) => {
    drops += 1;
    if (reason === "io server disconnect") tab.socket.connect();
  });
  tab.socket.on("connect", () => {
    if (!tab.socket.recovered)
      void tab.socket
        .timeout(5_000)
        .emitWithAck("join-tenant", tenantId)
        .catch(() => undefined);
  });
  return { ...tab, drops: () => drops };
}

const titlesOf = (payloads: unknown[]) => payloads.map((payload) => (payload as { title: string }).title).sort();

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

  it("delivers each event to an endpoint once whichever process took it, and its retries outlive the process that queued them", async () => {
    const running = app as RunningApp;
    const owner = await signUp(running.baseUrl);
    // Every event's first attempt fails (503), its retry succeeds.
    const target = await startReceiver(firstAttemptFails({ status: 503 }));
    try {
      const created = await api(owner, "/api/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: target.url }) });
      expect(created.status).toBe(201);
      const { endpoint } = (await created.json()) as { endpoint: { id: string } };
      const secret = await tenantSecret(mongo, owner.tenantId);
      // Each on a connection of its own: the processes take turns.
      for (let i = 0; i < 6; i++) {
        const signed = buildSignedRequest({
          baseUrl: running.baseUrl,
          kind: "orders",
          payload: uniqueOrder(owner.tenantId) as never,
          secret,
        });
        expect(await deliverUntilTaken(signed)).toBe(201);
      }
      const eventsTried = () => new Set(target.received.map((request) => String(request.headers["webhook-id"]))).size;
      await expect.poll(eventsTried, { timeout: 15_000 }).toBe(6);
      // Both processes queued some of the retries; one of them stops before any is due.
      const stopped = oneWorker(running);
      process.kill(stopped, "SIGTERM");

      await expect.poll(() => target.received.length, { timeout: 30_000, interval: 250 }).toBe(12);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(target.received).toHaveLength(12);
      const attemptsByEvent = new Map<string, number>();
      for (const request of target.received) {
        const id = String(request.headers["webhook-id"]);
        attemptsByEvent.set(id, (attemptsByEvent.get(id) ?? 0) + 1);
      }
      expect([...attemptsByEvent.values()]).toEqual([2, 2, 2, 2, 2, 2]);
      const listed = await onNewConnection(`${running.baseUrl}/api/webhooks/outbound-deliveries?endpointId=${endpoint.id}`, {
        headers: { cookie: owner.cookie, "x-tenant-id": owner.tenantId },
      });
      expect(listed.status).toBe(200);
      const deliveries = listed.body.deliveries as Array<{ status: string; attempts: Array<{ status: number }> }>;
      expect(deliveries).toHaveLength(6);
      for (const delivery of deliveries) {
        expect(delivery.status).toBe("succeeded");
        expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([503, 200]);
      }
      await backToTwo(running, stopped);
    } finally {
      await target.close();
    }
  });

  it("loses no webhook when a process is told to stop under load, and its tabs carry on with the other", async () => {
    const running = app as RunningApp;
    // Four stores, a tab each (the processes take turns, so some tabs are on the one that stops),
    // eight notifications each: within the rate limit's burst, so the load is not held back.
    const stores = await Promise.all([1, 2, 3, 4].map(() => signUp(running.baseUrl)));
    const tabs: Array<Awaited<ReturnType<typeof stayingTab>>> = [];
    for (const store of stores) tabs.push(await stayingTab(running.baseUrl, store.cookie, store.tenantId));
    open.push(...tabs.map((tab) => tab.socket));
    const work = await Promise.all(
      stores.map(async (store, s) => {
        const secret = await tenantSecret(mongo, store.tenantId);
        return Array.from({ length: 8 }, (_unused, i) => {
          const title = `Store ${s + 1} note ${i + 1}`;
          const payload = sampleFor("notifications", store.tenantId, { title });
          return {
            store: s,
            title,
            signed: buildSignedRequest({
              baseUrl: running.baseUrl,
              kind: "notifications",
              payload: payload as never,
              secret,
              deliveryId: `load-${store.tenantId}-${i}`,
            }),
          };
        });
      }),
    );
    const queue = work.flat();
    let taken = 0;
    let stopped = 0;
    const statuses: number[] = [];
    // Eight in flight; the SIGTERM goes out once a quarter has been taken.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          statuses.push(await deliverUntilTaken(next.signed));
          taken += 1;
          if (taken === 8 && !stopped) {
            stopped = oneWorker(running);
            process.kill(stopped, "SIGTERM");
          }
        }
      }),
    );
    expect(statuses).toHaveLength(32);
    expect(statuses.filter((status) => status === 201)).toHaveLength(32);

    // Every store holds each of its notifications, once.
    for (const [s, store] of stores.entries()) {
      const listed = await onNewConnection(`${running.baseUrl}/api/notifications?limit=100`, {
        headers: { cookie: store.cookie, "x-tenant-id": store.tenantId },
      });
      expect(listed.status).toBe(200);
      const expected = work[s]?.map((item) => item.title).sort();
      expect(titlesOf(listed.body.notifications as unknown[])).toEqual(expected);
    }
    // The stopped process's tabs lost their connection and are back on the other, in their rooms:
    // the next webhook reaches every tab, once. A tab that never dropped had every one live, once.
    expect(tabs.some((tab) => tab.drops() > 0)).toBe(true);
    await expect.poll(() => tabs.every((tab) => tab.socket.connected), { timeout: 15_000 }).toBe(true);
    for (const [s, store] of stores.entries()) {
      const secret = await tenantSecret(mongo, store.tenantId);
      const payload = sampleFor("notifications", store.tenantId, { title: `Store ${s + 1} after the stop` });
      await deliverUntilTaken(
        buildSignedRequest({ baseUrl: running.baseUrl, kind: "notifications", payload: payload as never, secret }),
      );
    }
    for (const [s, tab] of tabs.entries()) {
      await expect
        .poll(() => titlesOf(tab.of("new-notification")).filter((title) => title.endsWith("after the stop")))
        .toEqual([`Store ${s + 1} after the stop`]);
      const seen = titlesOf(tab.of("new-notification"));
      expect(new Set(seen).size).toBe(seen.length);
      if (tab.drops() === 0)
        expect(seen).toEqual([...(work[s]?.map((item) => item.title) ?? []), `Store ${s + 1} after the stop`].sort());
    }
    await backToTwo(running, stopped);
  });

  it("replaces a process that dies: the port keeps answering from two", async () => {
    const running = app as RunningApp;
    const before = await nodesNow(running);
    const restarts = () => running.output().match(/a server process died: starting another/g)?.length ?? 0;
    const restartsBefore = restarts();
    process.kill(oneWorker(running), "SIGKILL");
    // The other process answers meanwhile (a connection handed to the dying one is lost with it); a
    // new one (a node never seen before) joins within seconds.
    await expect
      .poll(async () => [...(await nodesNow(running))].filter((node) => !before.has(node)).length, {
        timeout: 20_000,
        interval: 500,
      })
      .toBe(1);
    expect((await nodesNow(running)).size).toBe(2);
    expect(restarts()).toBe(restartsBefore + 1);
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
