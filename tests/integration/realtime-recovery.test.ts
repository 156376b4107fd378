import { readFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  advanceMark,
  emptyMark,
  type FeedMark,
  markCovers,
  markFromNewestPage,
  markToCursor,
  maxMark,
} from "@/lib/realtime/client/feed-mark";
import type { NotificationPayload } from "@/lib/realtime/events";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { sampleFor } from "@/lib/webhooks/samples";
import { type RunningApp, startApp, tempDir } from "../support/app-process";
import { api, type Session, signUp } from "../support/http";
import { startRedisServer } from "../support/redis-server";
import { openMongo, tenantSecret } from "../support/webhooks";

// docs/reliability.md, finding 10. While Redis is away the Streams adapter still sends broadcasts
// to this server's connected sockets, but cannot append them to its stream. A client that dropped
// before the outage and comes back after it must not be told it recovered from a stream that lacks
// those events: it is connected afresh and catches up over REST, and ends with every notification
// exactly once. Redis here is a server of the test's own, stopped and started again on the same
// port and files (its stream and the saved session survive, as they do a network cut).

type Page = { notifications: Array<{ id: string; title: string; position: string }>; nextCursor: string | null };

const prefix = `pbtest-outage-${process.pid}`;
let redis: Awaited<ReturnType<typeof startRedisServer>>;
let redisDir: string;
let app: RunningApp;
/** The server the bell and the webhooks go to, its tenant owner and the tenant's signing secret. */
let target: { baseUrl: string; owner: Session; secret: string };

const asTenant = () => ({ "x-tenant-id": target.owner.tenantId });

async function notify(title: string): Promise<string> {
  const payload = sampleFor("notifications", target.owner.tenantId, { title });
  const sent = await sendWebhook({
    baseUrl: target.baseUrl,
    kind: "notifications",
    payload: payload as never,
    secret: target.secret,
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  return sent.body.notificationId as string;
}

async function page(query: string): Promise<Page> {
  const response = await api(target.owner, `/api/notifications?${query}`, { headers: asTenant() });
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
}

/**
 * A tab's bell as the browser's NotificationCenter (lib/realtime/client/notification-center.ts)
 * runs it: live pushes, and after a reconnection that was not recovered, `GET
 * /api/notifications?after=<mark>` until the end. It records how each notification arrived.
 */
class Bell {
  readonly socket: Socket;
  readonly arrivals = new Map<string, number>();
  mark: FeedMark = emptyMark;
  /** What the tenant had when the bell first loaded: not this bell's to receive. */
  initialMark: FeedMark | null = null;
  readonly reconnections: boolean[] = [];

  constructor() {
    this.socket = io(target.baseUrl, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { cookie: target.owner.cookie },
    });
    this.socket.on("new-notification", (payload: NotificationPayload) => {
      this.arrivals.set(payload.id, (this.arrivals.get(payload.id) ?? 0) + 1);
      this.mark = advanceMark(this.mark, payload.position);
    });
  }

  /** Connects (or reconnects), joins the tenant, and loads or catches up as the browser does. */
  async connect(): Promise<void> {
    if (!this.socket.connected) {
      await new Promise<void>((resolve, reject) => {
        this.socket.once("connect", () => resolve());
        this.socket.once("connect_error", reject);
        this.socket.connect();
      });
    }
    const joined = (await this.socket.timeout(5_000).emitWithAck("join-tenant", target.owner.tenantId)) as { ok: boolean };
    expect(joined.ok).toBe(true);
    if (!this.initialMark) {
      const newest = await page("limit=20");
      this.initialMark = markFromNewestPage(
        newest.notifications.map((n) => n.position),
        newest.nextCursor,
      );
      this.mark = maxMark(this.mark, this.initialMark);
      return;
    }
    this.reconnections.push(this.socket.recovered);
    // Connection-state recovery replayed what was missed; otherwise REST fills the gap.
    if (this.socket.recovered) return;
    for (let after: string | null = markToCursor(this.mark); after; ) {
      const caughtUp = await page(`after=${encodeURIComponent(after)}&limit=100`);
      for (const item of caughtUp.notifications) {
        this.mark = advanceMark(this.mark, item.position);
        if (!this.arrivals.has(item.id)) this.arrivals.set(item.id, 1);
      }
      after = caughtUp.nextCursor;
    }
  }

  /** The transport drops, as on a flaky network: the server keeps the session for a recovery. */
  async drop(): Promise<void> {
    const gone = new Promise<void>((resolve) => this.socket.once("disconnect", () => resolve()));
    this.socket.io.engine.close();
    await gone;
    // The server notices and saves the session in Redis.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function waitForArrivals(bell: Bell, ids: string[]): Promise<void> {
  await expect.poll(() => ids.filter((id) => !bell.arrivals.has(id)), { timeout: 10_000 }).toEqual([]);
}

/** Whether the app's adapter appended a broadcast that carries `title` to its stream. */
async function inStream(title: string): Promise<boolean> {
  const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    const entries = await client.xrevrange(`${prefix}:sio:stream`, "+", "-", "COUNT", 20);
    return entries.some(([, fields]) => fields.join(" ").includes(title));
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * Drops and restores the bell while notifications keep coming, three times: what is sent while the
 * restored socket is still being authenticated (before it receives live broadcasts) reaches it
 * too, once.
 */
async function restoreUnderBurst(bell: Bell, sent: string[]): Promise<void> {
  for (let round = 1; round <= 3; round++) {
    await bell.drop();
    sent.push(await notify(`Away ${round}`));
    // Several platforms at once, so broadcasts keep arriving while the session is restored.
    const burst = Promise.all(
      Array.from({ length: 4 }, async (_, sender) => {
        for (let n = 1; n <= 5; n++) sent.push(await notify(`Burst ${round}.${sender}.${n}`));
      }),
    );
    await bell.connect();
    await burst;
    await waitForArrivals(bell, sent);
  }
  expect([...bell.arrivals].filter(([, count]) => count > 1)).toEqual([]);
  expect(bell.arrivals.size).toBe(sent.length);
}

beforeAll(async () => {
  redisDir = tempDir("redis-outage");
  redis = await startRedisServer({ dir: redisDir });
  const dataDir = tempDir("redis-outage-app");
  app = await startApp({ env: { DATA_DIR: dataDir, REDIS_URL: redis.url, REDIS_PREFIX: prefix } });
  const owner = await signUp(app.baseUrl);
  const { uri } = JSON.parse(readFileSync(path.join(dataDir, "embedded-db.json"), "utf8")) as { uri: string };
  const mongo = await openMongo(withDatabaseName(uri));
  const secret = await tenantSecret(mongo, owner.tenantId).finally(() => mongo.close());
  target = { baseUrl: app.baseUrl, owner, secret };
});

afterAll(async () => {
  await app?.stop("SIGTERM");
  await redis?.stop();
});

describe("sockets across a Redis outage", () => {
  it("never reports a recovery that misses events: every notification reaches the client once", async () => {
    const bell = new Bell();
    await bell.connect();
    const sent: string[] = [];

    // Recovery works while Redis does: the client is restored and the stream replays what it missed.
    sent.push(await notify("Before the first drop"));
    await waitForArrivals(bell, sent);
    await bell.drop();
    sent.push(await notify("Missed while away"));
    await bell.connect();
    expect(bell.reconnections).toEqual([true]);
    await waitForArrivals(bell, sent);

    // Away across an outage: the saved session and its offset survive, the events sent meanwhile
    // are in no stream.
    sent.push(await notify("Before the outage"));
    await waitForArrivals(bell, sent);
    await bell.drop();
    await redis.stop();
    for (const n of [1, 2, 3]) sent.push(await notify(`During the outage ${n}`));
    redis = await startRedisServer({ port: redis.port, dir: redisDir });
    // Until the adapter appends again the stream is certainly behind; once it has, the question is
    // whether the server still knows the stream lacks the outage's events.
    for (let n = 1; ; n++) {
      const title = `After the outage ${n}`;
      sent.push(await notify(title));
      if (await waitUntil(() => inStream(title), 1_000)) break;
      expect(n, "the adapter never appended to its stream again").toBeLessThan(20);
    }

    await bell.connect();
    sent.push(await notify("Back to normal"));
    await waitForArrivals(bell, sent);
    // Not restored from the stream: connected afresh, it caught up over REST.
    expect(bell.reconnections).toEqual([true, false]);
    expect([...bell.arrivals].filter(([, count]) => count > 1)).toEqual([]);

    // Everything the tenant stored since the bell first loaded, and nothing else.
    const initial = bell.initialMark ?? emptyMark;
    const due = (await page("limit=100")).notifications.filter((n) => !markCovers(initial, n.position));
    expect(due.map((n) => n.id).sort()).toEqual([...sent].sort());
    expect([...bell.arrivals.keys()].sort()).toEqual([...sent].sort());

    // And once the stream is whole again, recovery works again.
    await bell.drop();
    sent.push(await notify("Missed after the outage"));
    await bell.connect();
    expect(bell.reconnections).toEqual([true, false, true]);
    await waitForArrivals(bell, sent);
    expect([...bell.arrivals].filter(([, count]) => count > 1)).toEqual([]);

    await restoreUnderBurst(bell, sent);
    bell.socket.disconnect();
  });
});

describe("sockets restored without Redis (the in-memory adapter)", () => {
  beforeAll(async () => {
    const baseUrl = inject("baseUrl");
    const owner = await signUp(baseUrl);
    const mongo = await openMongo(inject("mongoUri"));
    const secret = await tenantSecret(mongo, owner.tenantId).finally(() => mongo.close());
    target = { baseUrl, owner, secret };
  });

  it("sends a restored socket what was broadcast while it was being authenticated, once", async () => {
    const bell = new Bell();
    await bell.connect();
    const sent = [await notify("Before the drops")];
    await waitForArrivals(bell, sent);
    await restoreUnderBurst(bell, sent);
    expect(bell.reconnections).toContain(true);
    bell.socket.disconnect();
  });
});
