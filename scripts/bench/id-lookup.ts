import { MongoClient, ObjectId } from "mongodb";
import { startEmbeddedDb } from "@/lib/storage/database/embedded";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { tempDir } from "../../tests/support/app-process";
import { percentile } from "./stats";

// `npm run bench -- id-lookup [--n 20000]`: find / update / delete by `_id` on a collection of n
// documents in the embedded database, beside the same operations by another unique field (which
// FerretDB v1 answers with a full scan) in the same run. Shows the launcher's `_id` look-up index
// at work (tools/ferretdb/main.go): without it both columns scan.

const round = (x: number) => Math.round(x * 100) / 100;

export async function benchIdLookup(options: { n: number }) {
  const db = await startEmbeddedDb({ dataDir: tempDir("bench-id"), advertise: false });
  const mongo = await MongoClient.connect(withDatabaseName(db.uri, "pulseboard_bench"));
  try {
    const collection = mongo.db().collection("bench_lookup");
    await collection.createIndex({ key: 1 }, { unique: true });
    const ids: ObjectId[] = [];
    for (let start = 0; start < options.n; start += 1000) {
      const docs = Array.from({ length: Math.min(1000, options.n - start) }, (_, i) => ({
        _id: new ObjectId(),
        key: `k${start + i}`,
        title: "a notification-sized document ".repeat(8),
      }));
      ids.push(...docs.map((doc) => doc._id));
      await collection.insertMany(docs);
    }
    // The launcher indexes new collections within a poll interval.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const pick = () => Math.floor(Math.random() * ids.length);
    const time = async (samples: number, op: (i: number) => Promise<unknown>) => {
      const latencies: number[] = [];
      for (let s = 0; s < samples; s += 1) {
        const i = pick();
        const t0 = performance.now();
        await op(i);
        latencies.push(performance.now() - t0);
      }
      latencies.sort((a, b) => a - b);
      return { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), samples };
    };
    const byId = {
      find: await time(200, (i) => collection.findOne({ _id: ids[i] })),
      update: await time(200, (i) => collection.updateOne({ _id: ids[i] }, { $set: { touched: i } })),
    };
    const byKey = {
      find: await time(10, (i) => collection.findOne({ key: `k${i}` })),
      update: await time(10, (i) => collection.updateOne({ key: `k${i}` }, { $set: { touched: i } })),
    };
    return {
      machine: "2 cores, embedded FerretDB v1.24 (SQLite)",
      documents: options.n,
      byIdMs: byId,
      byOtherUniqueFieldMs: byKey,
      findSpeedup: round(byKey.find.p50 / byId.find.p50),
      updateSpeedup: round(byKey.update.p50 / byId.update.p50),
    };
  } finally {
    await mongo.close();
    await db.stop();
  }
}
