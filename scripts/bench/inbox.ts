import { type Db, MongoClient, ObjectId } from "mongodb";
import { listNotifications } from "@/lib/notifications/list-notifications";
import { markAllRead } from "@/lib/notifications/mark-all-read";
import { setNotificationState } from "@/lib/notifications/set-notification-state";
import { notificationIdAt, toNotificationDocument } from "@/lib/storage/common/notification-document";
import { createStorage } from "@/lib/storage/create-storage";
import { startEmbeddedDb } from "@/lib/storage/database/embedded";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { dropTenantWindowsBefore, tenantWindowCollection, tenantWindowGeneration } from "@/lib/storage/embedded/inbox-windows";
import type { StorageKind } from "@/lib/storage/ports";
import { registerStorage, unregisterStorage } from "@/lib/storage/registry";
import { selectStorage } from "@/lib/storage/select-storage";
import { startApp, tempDir } from "../../tests/support/app-process";
import { api, signUp } from "../../tests/support/http";
import { type LatencyStats, sampleLatency } from "./stats";

// `npm run bench -- inbox [--samples 200] [--storage embedded|mongodb]`: "latest 50 + unread count"
// for one member of a tenant whose history holds 10k, then 100k notifications, on the embedded
// database, through the chosen storage adapter (the mongodb adapter on FerretDB is for reference:
// FerretDB v1 uses no secondary index, so its queries scan). Measured as the
// read path itself (lib call) and over HTTP (session check included). Beside it, in the same run,
// the obvious query — find by tenant sorted by time, limit 50, plus a count — on the same archive.

type Sizes = { readPath: Stats; http: Stats; deepPage: Stats; naive: Stats };
type Stats = LatencyStats;

// Seeding writes exactly what the adapter's append writes (archive entries and, on the embedded
// adapter, the newest of them in the tenant window's generations), in large batches: seeding is
// not what is measured.
async function seed(db: Db, kind: StorageKind, tenantId: string, from: number, to: number) {
  const batch = 1000;
  const tenant = new ObjectId(tenantId);
  for (let start = from; start <= to; start += batch) {
    const docs = [];
    for (let seq = start; seq < Math.min(start + batch, to + 1); seq += 1) {
      const entry = {
        feed: "t" as const,
        userId: null,
        title: `Order ORD-${seq} received`,
        message: `Customer ${seq} ordered USD ${(seq % 500) + 0.99}`,
        type: seq % 10 === 0 ? ("warning" as const) : ("success" as const),
        priority: seq % 50 === 0 ? ("high" as const) : ("medium" as const),
        actionUrl: `/orders/${seq}`,
        actionText: "View order",
        metadata: { orderNumber: `ORD-${seq}` },
      };
      docs.push(toNotificationDocument(tenant, `bench:${seq}`, entry, seq, new Date(Date.now() - (to - seq) * 1000)));
    }
    await db.collection("notifications").insertMany(docs, { ordered: true });
    if (kind !== "embedded") continue;
    // The window's two newest generations, as the embedded adapter keeps them (lib/storage/embedded/inbox-windows.ts).
    const kept = tenantWindowGeneration(to) - 1;
    const recent = docs.filter((doc) => tenantWindowGeneration(doc.seq) >= kept).map((doc) => ({ ...doc, kind: "entry" }));
    for (const generation of new Set(recent.map((doc) => tenantWindowGeneration(doc.seq)))) {
      await tenantWindowCollection(db, tenantId, generation).insertMany(
        recent.filter((doc) => tenantWindowGeneration(doc.seq) === generation),
      );
    }
  }
  if (kind === "embedded") await dropTenantWindowsBefore(db, tenantId, tenantWindowGeneration(to) - 1);
}

export async function benchInbox(options: { samples: number; storage?: StorageKind }) {
  const kind = options.storage ?? "embedded";
  const dataDir = tempDir("bench-inbox");
  const embedded = await startEmbeddedDb({ dataDir, advertise: false });
  const uri = withDatabaseName(embedded.uri, "pulseboard_bench");
  const app = await startApp({ env: { MONGODB_URI: uri, STORAGE: kind } });
  // The read path measured in this process runs on the same adapter as the app's.
  const client = await MongoClient.connect(uri);
  const db = client.db();
  const choice = await selectStorage(kind, db);
  const storage = createStorage(choice, db);
  registerStorage(storage, choice);
  try {
    const session = await signUp(app.baseUrl);
    const { tenantId, userId } = session;
    const query = { limit: 50, includeRead: true, includeDismissed: false };
    const naiveSamples = 3;
    const results: Record<string, Sizes> = {};
    let seeded = 0;
    for (const size of (process.env.SIZES ?? "10000,100000").split(",").map(Number)) {
      const t0 = performance.now();
      await seed(db, kind, tenantId, seeded + 1, size);
      seeded = size;
      console.error(`seeded ${size} notifications in ${Math.round(performance.now() - t0)} ms`);
      // A realistic reader: marked all read a while ago, then read and dismissed a few since.
      if (size === 10_000) await markAllRead(tenantId, userId);
      for (const seq of [size - 3, size - 7, size - 11]) {
        await setNotificationState(tenantId, userId, notificationIdAt(tenantId, { feed: "t", userId: null }, seq).toHexString(), {
          isRead: true,
        });
      }

      const check = await listNotifications(tenantId, userId, query);
      if (check.notifications.length !== 50) throw new Error(`expected 50 notifications, got ${check.notifications.length}`);
      const expectedUnread = size === 10_000 ? 0 : size - 10_000 - 3;
      if (check.unreadCount !== expectedUnread) throw new Error(`unread ${check.unreadCount}, expected ${expectedUnread}`);

      const readPath = await sampleLatency(options.samples, () => listNotifications(tenantId, userId, query));
      console.error(`${size}: read path ${JSON.stringify(readPath)}`);
      const http = await sampleLatency(options.samples, async () => {
        const response = await api(session, "/api/notifications?limit=50");
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
        await response.arrayBuffer();
      });
      console.error(`${size}: http ${JSON.stringify(http)}`);
      // A page from the middle of the history, far outside the inbox window: served from the archive.
      const deepPage = await sampleLatency(20, async () => {
        const page = await listNotifications(tenantId, userId, { ...query, cursor: { t: size / 2, u: 0 } });
        if (page.notifications.length !== 50) throw new Error(`deep page had ${page.notifications.length}`);
      });
      console.error(`${size}: deep page ${JSON.stringify(deepPage)}`);
      const collection = db.collection("notifications");
      const naive = await sampleLatency(naiveSamples, () =>
        Promise.all([
          collection
            .find({ tenantId: new ObjectId(tenantId) })
            .sort({ createdAt: -1 })
            .limit(50)
            .toArray(),
          collection.countDocuments({ tenantId: new ObjectId(tenantId) }),
        ]),
      );
      results[`${size / 1000}k`] = { readPath, http, deepPage, naive };
      console.error(`${size}: ${JSON.stringify(results[`${size / 1000}k`])}`);
    }
    // Only when both sizes ran (SIZES may name one).
    const [small, large] = [results["10k"], results["100k"]];
    const ratio = (key: keyof Sizes) => (small && large ? Math.round((large[key].p95 / small[key].p95) * 100) / 100 : null);
    return {
      machine: "2 cores, embedded FerretDB v1.24 (SQLite), Node 20",
      storage: kind,
      query: "latest 50 (newest first, dismissed hidden) + exact unread count, one member",
      results,
      p95Ratio100kTo10k: { readPath: ratio("readPath"), http: ratio("http"), deepPage: ratio("deepPage"), naive: ratio("naive") },
      target: "p95(100k) / p95(10k) ≤ 2 and p95 ≤ 50 ms",
    };
  } finally {
    unregisterStorage();
    await storage.close();
    await client.close();
    await app.stop();
    await embedded.stop();
  }
}
