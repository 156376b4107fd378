import type { Db } from "mongodb";
import {
  readStatsDay,
  type StatsDay,
  statsDayKey,
  statsDayKeys,
  statsIncrement,
} from "@/lib/storage/common/delivery-stats-document";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import { serialWrite } from "@/lib/storage/embedded/insert-batched";
import type { DeliveryStatsPort, HourCounts } from "@/lib/storage/ports/delivery-stats";

type Doc = StatsDay & { _id: string };

const RETAIN_DAYS = 400;
const DAY_MS = 86_400_000;
const valid = (tenantId: string) => /^[0-9a-f]{24}$/.test(tenantId);

/**
 * A tenant's counters in a collection of its own (`dstats_<tenant>`, log database), one document
 * per UTC day by `_id` (the look-up FerretDB v1 answers without a scan); an hour's counts are an
 * `$inc` upsert in the database's single writer. Days past RETAIN_DAYS are deleted daily.
 */
export function createEmbeddedDeliveryStats(db: Db): DeliveryStatsPort & { retire: (now?: Date) => Promise<number> } {
  const logDb = db.client.db(logDatabaseName(db.databaseName));
  const days = (tenantId: string) => logDb.collection<Doc>(`dstats_${tenantId}`);
  return {
    async add(tenantId, hour, counts) {
      const inc = statsIncrement(hour, counts);
      if (!valid(tenantId) || Object.keys(inc).length === 0) return;
      await serialWrite(
        () => days(tenantId).updateOne({ _id: statsDayKey(hour) }, { $inc: inc }, { upsert: true }),
        "effect",
        logDb.databaseName,
      );
    },
    async read(tenantId, from, to) {
      const found = new Map<number, HourCounts>();
      if (!valid(tenantId)) return found;
      const docs = await days(tenantId)
        .find({ _id: { $in: statsDayKeys(from, to) } })
        .toArray();
      for (const doc of docs) readStatsDay(doc._id, doc, from, to, found);
      return found;
    },
    /** Deletes every tenant's days older than RETAIN_DAYS; how many. */
    async retire(now = new Date()) {
      const oldest = statsDayKey(new Date(now.getTime() - RETAIN_DAYS * DAY_MS));
      const names = await logDb.listCollections({ name: { $regex: "^dstats_[0-9a-f]{24}$" } }, { nameOnly: true }).toArray();
      let deleted = 0;
      for (const { name } of names) {
        const result = await serialWrite(
          () => logDb.collection<Doc>(name).deleteMany({ _id: { $lt: oldest } }),
          "upkeep",
          logDb.databaseName,
        );
        deleted += result.deletedCount;
      }
      return deleted;
    },
  };
}
