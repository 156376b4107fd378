import { rmSync } from "node:fs";
import { Types } from "mongoose";
import { listActivity } from "@/lib/activity/list-activity";
import { logActivity } from "@/lib/activity/log-activity";
import { listActivityQuerySchema } from "@/lib/activity/schemas";
import { createStorage } from "@/lib/storage/create-storage";
import { connectDb, disconnectDb, getNativeDb } from "@/lib/storage/database/connect";
import { startEmbeddedDb } from "@/lib/storage/database/embedded";
import { logConnection } from "@/lib/storage/database/log-database";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { type ActivityStream, activityIdAt } from "@/lib/storage/embedded/activity-streams";
import { openStorage } from "@/lib/storage/open-storage";
import { registerStorage } from "@/lib/storage/registry";
import { tempDir } from "../../tests/support/app-process";
import { percentile } from "./stats";

// `npm run bench -- activity [--n 100000] [--samples 20]`: the activity API's page latency for one
// tenant at 10k and at n entries, with other tenants' logs in the same collections, on the embedded
// FerretDB. Beside it, in the same run, the previous design's query (a tenant filter sorted by time,
// which FerretDB v1 answers by reading the whole collection) to show what the position walk avoids.

const round = (x: number) => Math.round(x * 10) / 10;
const DAY = 86_400_000;

type Seeded = { a: number; c: number };

// The embedded adapter's streams (lib/storage/embedded/activity-log.ts), seeded directly.
const activityCollection = (stream: ActivityStream) =>
  logConnection().collection(stream === "a" ? "activity_logs" : "activity_changes");

/**
 * Appends `count` entries to a tenant's streams directly (insertMany of 1,000), in the exact shape
 * and positions logActivity writes: 1 in 50 is a person's settings change (also in the changes stream).
 */
async function seed(tenantId: string, from: Seeded, count: number, timeOf: (seq: number) => number): Promise<Seeded> {
  const heads = { ...from };
  for (let done = 0; done < count; done += 1000) {
    const docs: Record<ActivityStream, Array<Record<string, unknown>>> = { a: [], c: [] };
    for (let i = done; i < Math.min(count, done + 1000); i += 1) {
      const change = (heads.a + 1) % 50 === 0;
      const fields = {
        tenantId: new Types.ObjectId(tenantId),
        entryId: new Types.ObjectId(),
        kind: change ? "settings.webhooks.updated" : "webhook.order.created",
        actor: change ? { type: "user", id: "u1", label: "admin@example.com" } : { type: "platform", id: null, label: "webhook" },
        summary: change ? "Webhook settings changed: webhookRetryAttempts" : `Order ORD-${heads.a + 1} received`,
        refs: change ? {} : { orderNumber: `ORD-${heads.a + 1}` },
        before: change ? { webhookRetryAttempts: 3 } : null,
        after: change ? { webhookRetryAttempts: 5 } : { status: "pending", amount: 99.99 },
        createdAt: new Date(timeOf(heads.a + 1)),
      };
      heads.a += 1;
      docs.a.push({ ...fields, _id: activityIdAt(tenantId, "a", heads.a), seq: heads.a });
      if (change) {
        heads.c += 1;
        docs.c.push({ ...fields, _id: activityIdAt(tenantId, "c", heads.c), seq: heads.c });
      }
    }
    await activityCollection("a").insertMany(docs.a);
    if (docs.c.length > 0) await activityCollection("c").insertMany(docs.c);
  }
  return heads;
}

async function time(samples: number, run: () => Promise<unknown>) {
  const latencies: number[] = [];
  for (let s = 0; s < samples; s += 1) {
    const t0 = performance.now();
    await run();
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)) };
}

export async function benchActivity(options: { n: number; samples: number }) {
  const dataDir = tempDir("bench-activity");
  const db = await startEmbeddedDb({ dataDir, advertise: false });
  await connectDb(withDatabaseName(db.uri, "pulseboard_bench"));
  const storage = await openStorage("embedded");
  try {
    const tenant = new Types.ObjectId().toHexString();
    const others = [0, 1, 2].map(() => new Types.ObjectId().toHexString());
    const now = Date.now();
    // Other tenants' history first: 20k entries each, in the same collections.
    const spread = (total: number) => (seq: number) => now - 30 * DAY + (seq / total) * (30 * DAY - 60_000);
    for (const other of others) await seed(other, { a: 0, c: 0 }, 20_000, spread(20_000));
    // Both collections exist (through the real write path) before the launcher's index poll.
    await logActivity(new Types.ObjectId().toHexString(), {
      kind: "settings.webhooks.updated",
      actor: { type: "user" },
      summary: "x",
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    let heads: Seeded = { a: 0, c: 0 };
    const measure = async (size: number, withOldDesign: boolean) => {
      const page = (query: Record<string, string>) => listActivity(tenant, listActivityQuerySchema.parse(query));
      const middle = new Date(now - 15 * DAY).toISOString();
      const deep = (await page({ limit: "50", to: middle })).nextCursor ?? "";
      // Warm-up: the database settles after the bulk seeding (as the ingest bench warms up first).
      for (let i = 0; i < 5; i += 1) await page({ limit: "50" });
      const result: Record<string, unknown> = {
        entriesInTenant: heads.a,
        entriesInCollection: heads.a + others.length * 20_000,
        firstPage: await time(options.samples, () => page({ limit: "50" })),
        // A reader that has never seen this tenant (another server process): the head is searched for.
        firstPageColdHead: await time(options.samples, () => {
          // A fresh adapter knows no head, as in a process that has not read this tenant yet.
          registerStorage(createStorage(storage.choice, getNativeDb()), storage.choice);
          return page({ limit: "50" });
        }),
        pageAtCursorMidHistory: await time(options.samples, () => page({ limit: "50", cursor: deep })),
        kindSettings: await time(options.samples, () => page({ limit: "50", kind: "settings" })),
        actorPerson: await time(options.samples, () => page({ limit: "50", actor: "user:u1" })),
        toMidHistory: await time(options.samples, () => page({ limit: "50", to: middle })),
        // Refusals are in the changes stream too; the seeded log has none, so this walks it (to the budget).
        kindRejectedWhenThereAreNone: await time(options.samples, () => page({ limit: "50", kind: "webhook.rejected" })),
        // Matches nothing in the full log: the walk stops at its 1,000-position budget with a cursor.
        rareKindScanBudget: await time(Math.min(options.samples, 5), () => page({ limit: "50", kind: "webhook.payment" })),
      };
      if (withOldDesign) {
        result.previousDesignQuery = await time(3, () =>
          activityCollection("a")
            .find({ tenantId: new Types.ObjectId(tenant) })
            .sort({ createdAt: -1 })
            .limit(50)
            .toArray(),
        );
      }
      return [size, result] as const;
    };

    const results: Array<readonly [number, Record<string, unknown>]> = [];
    for (const size of [10_000, options.n]) {
      if (heads.a >= size) continue;
      heads = await seed(tenant, heads, size - heads.a, spread(options.n));
      results.push(await measure(size, size === 10_000));
    }
    return {
      machine: "2 cores, embedded FerretDB v1.24 (SQLite)",
      note: "ms per API page of 50 (listActivity), p50/p95; 3 other tenants with 20k entries each in the same collections",
      results: Object.fromEntries(results),
    };
  } finally {
    await storage.close();
    await disconnectDb();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
