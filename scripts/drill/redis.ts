import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { OUTBOUND_QUEUE } from "@/lib/outbound/outbound-runtime";
import { markCovers } from "@/lib/realtime/client/feed-mark";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { freePort } from "../../tests/support/app-process";
import { api } from "../../tests/support/http";
import { startReceiver } from "../../tests/support/receiver";
import { DrillInbox } from "./inbox-client";
import { type Delivery, Load } from "./load";
import { type ProxyMode, startOwnRedis, startRedisProxy } from "./redis-server";
import {
  AppSlot,
  type DrillArgs,
  drillWorkDir,
  embeddedDbOf,
  type Figures,
  quantiles,
  say,
  seededRandom,
  waitUntil,
} from "./stack";
import { createDrillTenant, getJson } from "./tenant";
import { countUnfinished, openRawDb, printable, verifyDeliveries } from "./verify";

// `npm run drill -- redis`: the app's Redis (its own redis-server, behind a proxy the drill cuts)
// becomes unreachable mid-load, twice: first `refused` (connections reset, the port closed), then
// `blackhole` (connections open, nothing passes: a partition). Ingest must keep answering; outbound
// deliveries (to a loopback receiver) must resume after, and no accepted event may be lost; three
// sockets must catch up with no gap: one connected throughout, one that drops and reconnects during
// the outage, one that drops just before it and comes back after it.

type Outage = { mode: ProxyMode; from: number; to: number };

const eventKey = (type: string, data: Record<string, unknown>): string | null => {
  if (type === "order.created" || type === "order.updated") return `${type}:${data.orderNumber}`;
  if (type === "payment.updated") return `${type}:${data.paymentId}`;
  if (type === "notification.created") return `${type}:${data.notificationId}`;
  return null;
};

function expectedEvent(d: Delivery): string | null {
  if (d.outcome !== "answered") return null;
  if (d.op === "order") return `order.created:${d.orderNumber}`;
  if (d.op === "update") return `order.updated:${d.orderNumber}`;
  if (d.op === "payment") return `payment.updated:${d.paymentId}`;
  return typeof d.body?.notificationId === "string" ? `notification.created:${d.body.notificationId}` : null;
}

export async function drillRedis(args: DrillArgs): Promise<Figures> {
  const rate = args.rate ?? 20;
  const outageMs = args.short ? 6_000 : 20_000;
  const upMs = args.short ? 5_000 : 15_000;
  const random = seededRandom(args.seed);
  const { workDir, dataDir, runId } = drillWorkDir("redis");
  const redis = await startOwnRedis();
  const proxy = await startRedisProxy(redis.port);
  const receiver = await startReceiver();
  const app = new AppSlot(workDir, await freePort(), {
    DATA_DIR: dataDir,
    REDIS_URL: proxy.url,
    OUTBOUND_REDIS_URL: proxy.url,
    REDIS_PREFIX: `drill-${runId}`,
    OUTBOUND_ALLOW_PRIVATE: "true",
    OUTBOUND_RETRY_BASE_MS: "500",
    OUTBOUND_RETRY_MAX_MS: "5000",
    STORAGE: args.storage,
  });
  await app.start();
  const tenant = await createDrillTenant(app.baseUrl);
  const { session } = tenant;
  await api(session, "/api/webhooks/settings", { method: "PATCH", body: JSON.stringify({ webhookRetryAttempts: 10 }) });
  const created = await api(session, "/api/webhooks/endpoints", {
    method: "POST",
    body: JSON.stringify({ url: receiver.url, description: "drill receiver", eventTypes: ["*"] }),
  });
  if (created.status !== 201)
    throw new Error(`creating the outbound endpoint answered ${created.status}: ${await created.text()}`);

  // A: connected throughout. B: drops in the middle of each outage, back within a second.
  // C: drops a second before each outage and stays away until a second after it.
  const inboxes = {
    steady: new DrillInbox("steady", app.baseUrl, session, 500),
    dropsDuring: new DrillInbox("dropsDuring", app.baseUrl, session, 500),
    awayAcross: new DrillInbox("awayAcross", app.baseUrl, session, outageMs + 2_000),
  };
  for (const inbox of Object.values(inboxes)) await inbox.start();

  const load = new Load({
    baseUrl: app.baseUrl,
    tenantId: session.tenantId,
    secret: tenant.secret,
    runId,
    rate,
    random,
    attemptTimeoutMs: 10_000,
  });
  const startedAt = Date.now();
  load.start();
  await sleep(upMs);

  const outages: Outage[] = [];
  for (const mode of ["refused", "blackhole"] as const) {
    inboxes.awayAcross.dropTransport();
    await sleep(1_000);
    say(`redis ${mode} for ${outageMs} ms`);
    const from = Date.now();
    await proxy.set(mode);
    await sleep(outageMs / 2);
    inboxes.dropsDuring.dropTransport();
    await sleep(outageMs / 2);
    await proxy.set("up");
    const to = Date.now();
    outages.push({ mode, from, to });
    say("redis reachable again");
    await sleep(upMs);
  }

  say("stopping the load; waiting for every delivery to be answered");
  await load.drain(args.short ? 30_000 : 90_000);

  // Outbound: every accepted event should reach the receiver (at least once).
  const expected = new Map<string, Delivery>();
  for (const d of load.deliveries) {
    const key = expectedEvent(d);
    if (key) expected.set(key, d);
  }
  const deliveredAt = new Map<string, number>();
  const tallyReceived = () => {
    for (const request of receiver.received) {
      let parsed: { events?: unknown[] } & Record<string, unknown>;
      try {
        parsed = JSON.parse(request.body);
      } catch {
        continue;
      }
      for (const event of (parsed.events ?? [parsed]) as Array<{ type: string; data: Record<string, unknown> }>) {
        const key = eventKey(event.type, event.data ?? {});
        if (key && !deliveredAt.has(key)) deliveredAt.set(key, request.at);
      }
    }
  };
  const db = embeddedDbOf(dataDir);
  if (!db) throw new Error("the embedded database is not running");
  const raw = await openRawDb(withDatabaseName(db.uri));
  say("waiting for outbound deliveries to arrive");
  // Until every expected event arrived, or the queue (read on the drill's own Redis, not through the
  // proxy) holds nothing more to run: no job waiting, delayed (a retry) or active (a job that was
  // running when Redis went away stays active until BullMQ's stalled check runs it again, ≤ 30 s).
  const queue = new Queue(OUTBOUND_QUEUE, { connection: { url: redis.url }, prefix: `drill-${runId}` });
  let idlePolls = 0;
  await waitUntil(
    async () => {
      tallyReceived();
      if ([...expected.keys()].every((key) => deliveredAt.has(key))) return true;
      const counts = await queue.getJobCounts("wait", "active", "delayed", "prioritized", "waiting-children");
      // Events refused while Redis was away wait in the app's effect journal until they are queued.
      const unfinished = await countUnfinished(raw, session.tenantId);
      idlePolls = Object.values(counts).every((n) => n === 0) && unfinished === 0 ? idlePolls + 1 : 0;
      return idlePolls >= 3;
    },
    args.short ? 60_000 : 120_000,
    1_000,
  );
  await queue.close();
  tallyReceived();

  // Outbound, per outage: events answered while Redis was away, and those answered after it came
  // back (until the next outage). An event is queued just after its answer, so its answer's time
  // stands for the moment it was queued.
  const accepted = [...expected].map(([key, d]) => ({ key, at: d.answeredAt ?? d.startedAt, delivered: deliveredAt.has(key) }));
  const missingExamples = accepted
    .filter((e) => !e.delivered)
    .slice(0, 5)
    .map((e) => `${e.key} (answered at +${((e.at - startedAt) / 1000).toFixed(1)} s)`);
  const outboundLost = accepted.filter((e) => !e.delivered).length;
  const firstFrom = outages[0]?.from ?? Number.POSITIVE_INFINITY;
  const outboundPerOutage = outages.map((outage, index) => {
    const nextFrom = outages[index + 1]?.from ?? Number.POSITIVE_INFINITY;
    const during = accepted.filter((e) => e.at >= outage.from && e.at <= outage.to);
    const after = accepted.filter((e) => e.at > outage.to && e.at < nextFrom);
    const lostAfter = after.filter((e) => !e.delivered);
    const deliveredAfterEnd = [...deliveredAt.values()].filter((at) => at > outage.to);
    return {
      mode: outage.mode,
      answeredDuring: during.length,
      lostDuring: during.filter((e) => !e.delivered).length,
      answeredAfter: after.length,
      lostAfter: lostAfter.length,
      // How long after Redis was back events were still being dropped.
      lastLostAfterEndMs: lostAfter.length > 0 ? Math.max(...lostAfter.map((e) => e.at)) - outage.to : null,
      firstDeliveryAfterEndMs: deliveredAfterEnd.length > 0 ? Math.min(...deliveredAfterEnd) - outage.to : null,
      // Resumed: events answered from 5 s after the end on all reached the receiver.
      resumed: after.some((e) => e.delivered) && after.filter((e) => e.at > outage.to + 5_000).every((e) => e.delivered),
    };
  });
  const beforeOutages = accepted.filter((e) => e.at < firstFrom);
  const resumed = outboundPerOutage.every((o) => o.resumed);

  // Ingest: while Redis was away, every attempt answered (2xx, or 429 with Retry-After), and promptly:
  // within 5 s, or three times the slowest answers (p99) before the outages on a slow machine.
  const before = load.deliveries
    .flatMap((d) => d.attempts)
    .filter((a) => a.at < firstFrom && a.status !== null)
    .map((a) => a.ms);
  const promptMs = Math.max(5_000, 3 * (quantiles(before).p99 ?? 0));
  const ingest = outages.map((outage) => {
    // Attempts sent during the outage, and those in flight when it began.
    const attempts = load.deliveries.flatMap((d) => d.attempts).filter((a) => a.at <= outage.to && a.at + a.ms >= outage.from);
    const statuses: Record<string, number> = {};
    for (const a of attempts) {
      const key = a.status === null ? `no answer (${a.error})` : String(a.status);
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    const failed = attempts.filter((a) => a.status === null || (a.status >= 300 && a.status !== 429)).length;
    const slow = attempts.filter((a) => a.status !== null && a.ms > promptMs).length;
    return {
      mode: outage.mode,
      attempts: attempts.length,
      statuses,
      failedAttempts: failed,
      answeredLaterThanPromptMs: slow,
      answerMs: quantiles(attempts.filter((a) => a.status !== null).map((a) => a.ms)),
    };
  });
  const ingestKeptAnswering = ingest.every((i) => i.failedAttempts === 0 && i.answeredLaterThanPromptMs === 0 && i.attempts > 0);

  // Sockets: every notification stored after a client started watching reached it, live or caught up.
  await sleep(3_000);
  type Item = { id: string; position: string };
  const all: Item[] = [];
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page: { notifications: Item[]; nextCursor: string | null } = await getJson(
      session,
      `/api/notifications?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    all.push(...page.notifications);
    cursor = page.nextCursor;
  }
  const sockets = Object.fromEntries(
    Object.values(inboxes).map((inbox) => {
      const due = all.filter((n) => !markCovers(inbox.initialMark, n.position));
      const missed = due.filter((n) => !inbox.seen.has(n.id));
      const via = { live: 0, "catch-up": 0 };
      for (const how of inbox.seen.values()) via[how]++;
      return [
        inbox.name,
        {
          due: due.length,
          live: via.live,
          caughtUp: via["catch-up"],
          missed: missed.length,
          missedPositions: missed.slice(0, 10).map((n) => n.position),
          liveDuplicates: inbox.liveDuplicates,
          connectedAtEnd: inbox.connected(),
          reconnects: inbox.reconnects.map((r) => ({
            atS: Math.round((r.at - startedAt) / 100) / 10,
            recovered: r.recovered,
            joinedAfterMs: r.joinedAfterMs,
            caughtUp: r.caughtUp,
          })),
          errors: inbox.errors.slice(0, 5),
        },
      ];
    }),
  );
  const socketsWhole = Object.values(sockets).every((s) => s.missed === 0 && s.connectedAtEnd);

  try {
    const verdict = await verifyDeliveries({ session, raw, deliveries: load.deliveries, startedAt });
    app.saveLog();
    const health = await getJson<Record<string, unknown>>(session, "/api/webhooks/health").catch((e: unknown) => String(e));
    return {
      drill: "redis",
      passed: verdict.passed && ingestKeptAnswering && resumed && outboundLost === 0 && socketsWhole,
      checks: {
        nothingLost: verdict.passed,
        ingestKeptAnswering,
        outboundResumed: resumed,
        outboundNothingLost: outboundLost === 0,
        socketsNoGap: socketsWhole,
      },
      config: { form: args.short ? "short" : "long", rate, outageMs, upMs, seed: args.seed, storage: args.storage ?? "auto" },
      outages: outages.map((o) => ({
        mode: o.mode,
        fromS: Math.round((o.from - startedAt) / 100) / 10,
        toS: Math.round((o.to - startedAt) / 100) / 10,
      })),
      ingest: { beforeOutages: { answerMs: quantiles(before) }, promptMs, outages: ingest },
      outbound: {
        expected: expected.size,
        delivered: accepted.filter((e) => e.delivered).length,
        lost: outboundLost,
        requestsReceived: receiver.received.length,
        beforeOutages: { answered: beforeOutages.length, lost: beforeOutages.filter((e) => !e.delivered).length },
        outages: outboundPerOutage,
        missingExamples,
      },
      sockets,
      healthAtEnd: health,
      load: load.summary(),
      verdict: printable(verdict),
      workDir,
    };
  } finally {
    await raw.close();
    await receiver.close();
  }
}
