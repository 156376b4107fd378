import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import type { NotificationPayload } from "@/lib/realtime/events";
import { buildSignedRequest, type SignatureScheme } from "@/lib/sender/build-signed-request";
import type { StorageKind } from "@/lib/storage/ports";
import { sampleFor } from "@/lib/webhooks/samples";
import { type RunningProcess, startProcess } from "../../tests/support/app-process";
import { signUp } from "../../tests/support/http";
import { tenantSecret, tenantSocket } from "../../tests/support/webhooks";
import { startNaiveReceiver } from "./naive-receiver";
import { notificationArrivals } from "./notification-arrivals";
import { startBenchStack } from "./stack";
import { percentile } from "./stats";

// `npm run bench -- e2e-latency [--n 1000] [--storage embedded|mongodb] [--scheme hex|standard]`: a signed notification webhook POSTed to the real server
// until the tenant's socket client receives its `new-notification` — what a staff member waits for.
// Beside it, in the same run and on the same embedded database, the baseline: the driver's
// `insertOne` of a notification-sized document. Sequential on both sides, so each sample is one
// event's own latency rather than a queue's.
// Beside both (issue 18), the naive receiver (./naive-receiver.ts: node:http, HMAC check, one
// insertOne, `io.to(room).emit` on a bare Socket.IO server) in this process on the same database,
// with a socket.io-client joined to its room: the same signed notification, the same wait for
// `new-notification`, interleaved with the other two. `ratioToNaive` is p50/p50 and p99/p99.
// The same receiver also runs in a process of its own (./naive-receiver-process.ts), interleaved
// as well: `ratioToNaiveApart` against it. In the bench process the naive receiver reaches its
// load generator and its client without crossing processes, which Pulseboard's server cannot.
// `--gap <ms>` waits that long after each sample, so that every one starts on a settled machine
// (light traffic) instead of beside the previous one's background writes (back to back, the default).
// `--scheme standard` signs them as Standard Webhooks do, each with its own `webhook-id` (what most
// platforms send); the default, hex, sends no delivery id.

const round = (x: number) => Math.round(x * 100) / 100;
const summary = (sorted: number[]) => ({
  p50: round(percentile(sorted, 50)),
  p99: round(percentile(sorted, 99)),
  n: sorted.length,
});

/** A socket.io-client on a naive receiver, joined to the tenant's room (it checks nothing else). */
async function joinNaiveRoom(url: string, tenantId: string): Promise<Socket> {
  const socket = io(url, { transports: ["websocket"], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const joined = (await socket.timeout(5_000).emitWithAck("join-tenant", tenantId)) as { ok: boolean };
  if (!joined.ok) throw new Error(`the naive receiver at ${url} refused join-tenant`);
  return socket;
}

export async function benchE2eLatency(options: {
  n: number;
  storage?: StorageKind;
  scheme?: SignatureScheme;
  /** Quiet after each sample (`--gap`), so that the next starts on a settled machine; 0 by default. */
  gapMs?: number;
}) {
  const { app, mongo, uri, storage, stop } = await startBenchStack("e2e", {}, { storage: options.storage });
  let naive: Awaited<ReturnType<typeof startNaiveReceiver>> | undefined;
  let naiveApart: RunningProcess | undefined;
  try {
    const session = await signUp(app.baseUrl);
    const secret = await tenantSecret(mongo, session.tenantId);
    const { socket } = await tenantSocket(app.baseUrl, session.cookie, session.tenantId);
    naive = await startNaiveReceiver({ mongoUri: uri, secret });
    const naiveSocket = await joinNaiveRoom(naive.url, session.tenantId);
    naiveApart = await startProcess(
      ["scripts/bench/naive-receiver-process.ts"],
      { ...process.env, NAIVE_MONGODB_URI: uri, NAIVE_SECRET: secret },
      "naive receiver listening at ",
    );
    const apartUrl = /naive receiver listening at (\S+)/.exec(naiveApart.output())?.[1] as string;
    const apartSocket = await joinNaiveRoom(apartUrl, session.tenantId);

    // One for every socket: titles differ per side and per sample.
    const { arrival, onNotification } = notificationArrivals();
    socket.on("new-notification", (notification: NotificationPayload) => onNotification(notification));
    naiveSocket.on("new-notification", onNotification);
    apartSocket.on("new-notification", onNotification);

    const run = randomUUID().slice(0, 6);
    const postOne = async (label: string, baseUrl = app.baseUrl): Promise<{ latency: number; status: number }> => {
      const title = `${label}-${run}`;
      const request = buildSignedRequest({
        baseUrl,
        kind: "notifications",
        payload: sampleFor("notifications", session.tenantId, { title }),
        secret,
        scheme: options.scheme,
      });
      const received = arrival(title);
      const t0 = performance.now();
      const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
      await response.arrayBuffer();
      const at = await received;
      return { latency: at - t0, status: response.status };
    };

    // Warm-up: JIT, connection pools, the tenant's inbox collection.
    const raw = mongo.db().collection("bench_raw_notifications");
    for (let i = 0; i < 100; i += 1) {
      await raw.insertOne({ ...sampleFor("notifications", session.tenantId), title: `warm-${i}`, createdAt: new Date() });
      await postOne(`warm-${i}`);
      await postOne(`naive-warm-${i}`, naive.url);
      await postOne(`apart-warm-${i}`, apartUrl);
    }

    // Interleaved, so both sides see the same database size and machine state over the run.
    const inserts: number[] = [];
    const pushes: number[] = [];
    const naivePushes: number[] = [];
    const apartPushes: number[] = [];
    let failures = 0;
    let naiveFailures = 0;
    let apartFailures = 0;
    const quiet = () => (options.gapMs ? new Promise((resolve) => setTimeout(resolve, options.gapMs)) : undefined);
    for (let i = 0; i < options.n; i += 1) {
      const t0 = performance.now();
      await raw.insertOne({ ...sampleFor("notifications", session.tenantId), title: `raw-${i}`, createdAt: new Date() });
      inserts.push(performance.now() - t0);
      await quiet();
      const { latency, status } = await postOne(`bench-${i}`);
      if (status !== 201) failures += 1;
      pushes.push(latency);
      await quiet();
      const naiveSample = await postOne(`naive-${i}`, naive.url);
      if (naiveSample.status !== 201) naiveFailures += 1;
      naivePushes.push(naiveSample.latency);
      await quiet();
      const apartSample = await postOne(`apart-${i}`, apartUrl);
      if (apartSample.status !== 201) apartFailures += 1;
      apartPushes.push(apartSample.latency);
      await quiet();
    }
    socket.disconnect();
    naiveSocket.disconnect();
    apartSocket.disconnect();
    // `BENCH_SLOWEST=1 npm run bench -- e2e-latency`: each side's 15 slowest rounds with their
    // positions, on stderr. A tail at a fixed period of positions on our side only points at work
    // done every so many notifications (the inbox window's generations hold 50).
    if (process.env.BENCH_SLOWEST) {
      const slowest = (samples: number[]) =>
        samples
          .map((ms, i) => ({ i, ms: round(ms) }))
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 15);
      console.error(`slowest pulseboard ${JSON.stringify(slowest(pushes))}`);
      console.error(`slowest naive ${JSON.stringify(slowest(naivePushes))}`);
    }
    inserts.sort((a, b) => a - b);
    pushes.sort((a, b) => a - b);
    naivePushes.sort((a, b) => a - b);
    apartPushes.sort((a, b) => a - b);
    const insert = summary(inserts);
    const push = summary(pushes);
    const naivePush = summary(naivePushes);
    const apartPush = summary(apartPushes);
    const ratio = (ours: number, theirs: number) => +(ours / theirs).toFixed(2);
    return {
      machine: "2 cores, embedded FerretDB v1.24 (SQLite), server and client on loopback",
      storage,
      scheme: options.scheme ?? "hex",
      n: options.n,
      dbInsertMs: insert,
      webhookToSocketMs: push,
      failures,
      overInsertP50Ms: round(push.p50 - insert.p50),
      // Issue 18: the naive receiver's webhook → socket latency in the same run.
      naiveWebhookToSocketMs: naivePush,
      naiveFailures,
      ratioToNaive: { p50: ratio(push.p50, naivePush.p50), p99: ratio(push.p99, naivePush.p99) },
      overNaiveP50Ms: round(push.p50 - naivePush.p50),
      gapMs: options.gapMs ?? 0,
      naiveApartWebhookToSocketMs: apartPush,
      naiveApartFailures: apartFailures,
      ratioToNaiveApart: { p50: ratio(push.p50, apartPush.p50), p99: ratio(push.p99, apartPush.p99) },
      targets: {
        "p99 <= 25 ms": push.p99 <= 25,
        "p50 <= insert p50 + 3 ms": push.p50 <= insert.p50 + 3,
      },
      issue18Targets: {
        "p50 <= 1.2x naive p50": push.p50 <= 1.2 * naivePush.p50,
        "p99 <= 1.0x naive p99": push.p99 <= naivePush.p99,
      },
      ...(storage === "mongodb"
        ? { note: "the targets are the embedded adapter's: the mongodb adapter on FerretDB is for reference" }
        : {}),
    };
  } finally {
    await naive?.stop();
    await naiveApart?.stop();
    await stop();
  }
}
