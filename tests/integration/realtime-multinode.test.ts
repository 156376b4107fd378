import type { MongoClient } from "mongodb";
import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { startEmbeddedDb } from "@/lib/storage/database/embedded";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { type RunningApp, startApp, tempDir } from "../support/app-process";
import { signUp } from "../support/http";
import { dropTransport, notifyByWebhook, removeFromTenant, team } from "../support/realtime";
import { openMongo, tenantSecret, tenantSocket, uniqueOrder } from "../support/webhooks";

// Two server processes sharing one database and the machine's Redis, as behind a load balancer:
// a webhook lands on one, the browser is connected to the other.
let db: Awaited<ReturnType<typeof startEmbeddedDb>>;
let first: RunningApp;
let second: RunningApp;
let mongo: MongoClient;
const open: Socket[] = [];

beforeAll(async () => {
  db = await startEmbeddedDb({ dataDir: tempDir("multinode"), advertise: false });
  const mongoUri = withDatabaseName(db.uri, "pulseboard_multinode");
  // One installation: the Redis prefix each process derives from the shared database (not the
  // harness's random one per process) is what puts both on the same streams.
  const env = { MONGODB_URI: mongoUri, REDIS_URL: "redis://127.0.0.1:6379", REDIS_PREFIX: undefined };
  [first, second] = await Promise.all([startApp({ env }), startApp({ env })]);
  mongo = await openMongo(mongoUri);
});
afterAll(async () => {
  await mongo?.close();
  await second?.stop();
  await first?.stop();
  await db?.stop();
});
afterEach(() => {
  for (const socket of open.splice(0)) socket.disconnect();
});

const titles = (payloads: unknown[]) => payloads.map((p) => (p as { title: string }).title);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("several server processes sharing Redis", () => {
  it("delivers a webhook posted to one process to the tenant's tabs on the other, and to no other tenant", async () => {
    const a = await signUp(first.baseUrl);
    const b = await signUp(first.baseUrl);
    const liveA = await tenantSocket(second.baseUrl, a.cookie, a.tenantId);
    const liveB = await tenantSocket(second.baseUrl, b.cookie, b.tenantId);
    open.push(liveA.socket, liveB.socket);

    await notifyByWebhook(mongo, first.baseUrl, a.tenantId, "Across processes");
    await expect.poll(() => liveA.of("new-notification")).toMatchObject([{ title: "Across processes", tenantId: a.tenantId }]);
    await pause(500);
    expect(liveA.of("new-notification")).toHaveLength(1);
    expect(liveB.received).toEqual([]);
  });

  it("refreshes the dashboard of a tab on the other process once for an order", async () => {
    const owner = await signUp(first.baseUrl);
    const live = await tenantSocket(second.baseUrl, owner.cookie, owner.tenantId);
    open.push(live.socket);
    const order = uniqueOrder(owner.tenantId) as { orderNumber: string };
    const sent = await sendWebhook({
      baseUrl: first.baseUrl,
      kind: "orders",
      payload: order as never,
      secret: await tenantSecret(mongo, owner.tenantId),
    });
    expect(sent.status).toBe(201);
    const orderRefreshes = () =>
      live.of("dashboard-refresh").filter((payload) => (payload as { reason?: string }).reason === "order.created");
    await expect.poll(orderRefreshes).toHaveLength(1);
    expect(orderRefreshes()[0]).toMatchObject({ tenantId: owner.tenantId });
    await pause(500);
    expect(orderRefreshes()).toHaveLength(1);
  });

  it("evicts a member removed on one process from the tenant's room on the other, at once", async () => {
    const { owner, member } = await team(first.baseUrl, mongo);
    const ownerLive = await tenantSocket(second.baseUrl, owner.cookie, owner.tenantId);
    const memberLive = await tenantSocket(second.baseUrl, member.cookie, owner.tenantId);
    open.push(ownerLive.socket, memberLive.socket);
    await notifyByWebhook(mongo, first.baseUrl, owner.tenantId, "While a member");
    await expect.poll(() => titles(memberLive.of("new-notification"))).toEqual(["While a member"]);

    expect(await removeFromTenant(owner, member)).toBe(200);
    await notifyByWebhook(mongo, first.baseUrl, owner.tenantId, "After the removal");
    await expect.poll(() => titles(ownerLive.of("new-notification"))).toEqual(["While a member", "After the removal"]);
    await pause(300);
    expect(titles(memberLive.of("new-notification"))).toEqual(["While a member"]);
    expect(await memberLive.socket.timeout(5_000).emitWithAck("join-tenant", owner.tenantId)).toMatchObject({ ok: false });
  });

  it("replays, through Redis, what a briefly dropped tab missed while webhooks landed on the other process", async () => {
    const owner = await signUp(first.baseUrl);
    const live = await tenantSocket(second.baseUrl, owner.cookie, owner.tenantId, { reconnectAfterMs: 3_000 });
    open.push(live.socket);
    await notifyByWebhook(mongo, first.baseUrl, owner.tenantId, "Before the drop");
    await expect.poll(() => titles(live.of("new-notification"))).toEqual(["Before the drop"]);

    const { reconnected } = await dropTransport(live.socket);
    for (const title of ["Missed 1", "Missed 2"]) await notifyByWebhook(mongo, first.baseUrl, owner.tenantId, title);
    expect(await reconnected).toBe(true);
    await expect.poll(() => titles(live.of("new-notification"))).toEqual(["Before the drop", "Missed 1", "Missed 2"]);
    await pause(300);
    expect(titles(live.of("new-notification"))).toHaveLength(3);
  });

  it("gives a tab whose reconnection lands on the other process what it missed, once, in its rooms", async () => {
    const owner = await signUp(first.baseUrl);
    const before = await tenantSocket(first.baseUrl, owner.cookie, owner.tenantId);
    open.push(before.socket);
    await notifyByWebhook(mongo, second.baseUrl, owner.tenantId, "Before the move");
    await expect.poll(() => titles(before.of("new-notification"))).toEqual(["Before the move"]);

    // The connection drops; the browser's next one reaches the other process (a load balancer's
    // choice), presenting its session as socket.io-client does (pid and last offset).
    const session = before.socket as unknown as { _pid?: string; _lastOffset?: string };
    const { _pid: pid, _lastOffset: offset } = session;
    expect(pid && offset).toBeTruthy();
    before.socket.io.engine.close();
    await pause(200);
    for (const title of ["Missed 1", "Missed 2"]) await notifyByWebhook(mongo, first.baseUrl, owner.tenantId, title);

    const after = io(second.baseUrl, {
      transports: ["websocket"],
      extraHeaders: { cookie: owner.cookie },
      reconnection: false,
      autoConnect: false,
    });
    open.push(after);
    Object.assign(after, { _pid: pid, _lastOffset: offset });
    const received: string[] = [];
    after.on("new-notification", (payload: { title: string }) => received.push(payload.title));
    await new Promise<void>((resolve, reject) => {
      after.once("connect", () => resolve());
      after.once("connect_error", reject);
      after.connect();
    });
    expect(after.recovered).toBe(true);
    await expect.poll(() => received).toEqual(["Missed 1", "Missed 2"]);
    // Still in the tenant's room without joining again, and nothing twice.
    await notifyByWebhook(mongo, first.baseUrl, owner.tenantId, "After the move");
    await expect.poll(() => received).toEqual(["Missed 1", "Missed 2", "After the move"]);
    await pause(300);
    expect(received).toHaveLength(3);
  });
});
