import { randomUUID } from "node:crypto";
import type { NotificationPayload } from "@/lib/realtime/events";
import { buildSignedRequest } from "@/lib/sender/build-signed-request";
import type { StorageKind } from "@/lib/storage/ports";
import { sampleFor } from "@/lib/webhooks/samples";
import { signUp } from "../../tests/support/http";
import { tenantSecret, tenantSocket } from "../../tests/support/webhooks";
import { startBenchStack } from "./stack";
import { percentile } from "./stats";

// `npm run bench -- e2e-latency [--n 1000] [--storage embedded|mongodb]`: a signed notification webhook POSTed to the real server
// until the tenant's socket client receives its `new-notification` — what a staff member waits for.
// Beside it, in the same run and on the same embedded database, the baseline: the driver's
// `insertOne` of a notification-sized document. Sequential on both sides, so each sample is one
// event's own latency rather than a queue's.

const round = (x: number) => Math.round(x * 100) / 100;
const summary = (sorted: number[]) => ({
  p50: round(percentile(sorted, 50)),
  p99: round(percentile(sorted, 99)),
  n: sorted.length,
});

export async function benchE2eLatency(options: { n: number; storage?: StorageKind }) {
  const { app, mongo, storage, stop } = await startBenchStack("e2e", {}, { storage: options.storage });
  try {
    const session = await signUp(app.baseUrl);
    const secret = await tenantSecret(mongo, session.tenantId);
    const { socket } = await tenantSocket(app.baseUrl, session.cookie, session.tenantId);

    const waiting = new Map<string, (at: number) => void>();
    socket.on("new-notification", (notification: NotificationPayload) => {
      waiting.get(notification.title)?.(performance.now());
    });

    const run = randomUUID().slice(0, 6);
    const postOne = async (label: string): Promise<{ latency: number; status: number }> => {
      const title = `${label}-${run}`;
      const request = buildSignedRequest({
        baseUrl: app.baseUrl,
        kind: "notifications",
        payload: sampleFor("notifications", session.tenantId, { title }),
        secret,
      });
      const received = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no new-notification for ${title} within 10 s`)), 10_000);
        waiting.set(title, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
      const t0 = performance.now();
      const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
      await response.arrayBuffer();
      const at = await received;
      waiting.delete(title);
      return { latency: at - t0, status: response.status };
    };

    // Warm-up: JIT, connection pools, the tenant's inbox collection.
    const raw = mongo.db().collection("bench_raw_notifications");
    for (let i = 0; i < 100; i += 1) {
      await raw.insertOne({ ...sampleFor("notifications", session.tenantId), title: `warm-${i}`, createdAt: new Date() });
      await postOne(`warm-${i}`);
    }

    // Interleaved, so both sides see the same database size and machine state over the run.
    const inserts: number[] = [];
    const pushes: number[] = [];
    let failures = 0;
    for (let i = 0; i < options.n; i += 1) {
      const t0 = performance.now();
      await raw.insertOne({ ...sampleFor("notifications", session.tenantId), title: `raw-${i}`, createdAt: new Date() });
      inserts.push(performance.now() - t0);
      const { latency, status } = await postOne(`bench-${i}`);
      if (status !== 201) failures += 1;
      pushes.push(latency);
    }
    socket.disconnect();
    inserts.sort((a, b) => a - b);
    pushes.sort((a, b) => a - b);
    const insert = summary(inserts);
    const push = summary(pushes);
    return {
      machine: "2 cores, embedded FerretDB v1.24 (SQLite), server and client on loopback",
      storage,
      n: options.n,
      dbInsertMs: insert,
      webhookToSocketMs: push,
      failures,
      overInsertP50Ms: round(push.p50 - insert.p50),
      targets: {
        "p99 <= 25 ms": push.p99 <= 25,
        "p50 <= insert p50 + 3 ms": push.p50 <= insert.p50 + 3,
      },
      ...(storage === "mongodb"
        ? { note: "the targets are the embedded adapter's: the mongodb adapter on FerretDB is for reference" }
        : {}),
    };
  } finally {
    await stop();
  }
}
