import type { Db, ObjectId } from "mongodb";
import {
  readStatsDay,
  type StatsDay,
  statsDayKey,
  statsDayKeys,
  statsIncrement,
} from "@/lib/storage/common/delivery-stats-document";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { withDocumentLock } from "@/lib/storage/common/with-document-lock";
import { isDuplicateKey } from "@/lib/storage/errors";
import { queryShapes } from "@/lib/storage/mongodb/query-shapes";
import type { DeliveryStatsPort, HourCounts } from "@/lib/storage/ports/delivery-stats";

type Doc = StatsDay & { _id: string; tenantId: ObjectId; day: Date };

/**
 * Every tenant's counters in one `delivery_stats` collection, a document per tenant and day under
 * `<tenant>:<YYYYMMDD>`: an hour's counts are one `$inc` upsert by `_id` (atomic across processes),
 * a chart's read one `_id` look-up per day.
 */
export function createMongoDeliveryStats(db: Db): DeliveryStatsPort {
  const days = db.collection<Doc>(queryShapes["deliveryStats.add"].collection);
  return {
    async add(tenantId, hour, counts) {
      const tenant = objectIdOf(tenantId);
      const inc = statsIncrement(hour, counts);
      if (!tenant || Object.keys(inc).length === 0) return;
      const key = statsDayKey(hour);
      const day = new Date(`${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}T00:00:00Z`);
      const _id = `${tenantId.toLowerCase()}:${key}`;
      // By `_id` alone, so two processes creating the day at once conflict on the key: the loser adds
      // again. The document lock orders this process's adds (FerretDB applies an $inc by reading and
      // writing back; MongoDB's is atomic, across processes too).
      const write = () =>
        // deliveryStats.add
        days.updateOne({ _id }, { $inc: inc, $setOnInsert: { tenantId: tenant, day } }, { upsert: true });
      await withDocumentLock(`dstats:${_id}`, () =>
        write().catch((error: unknown) => (isDuplicateKey(error) ? write() : Promise.reject(error))),
      );
    },
    async read(tenantId, from, to) {
      const found = new Map<number, HourCounts>();
      const tenant = objectIdOf(tenantId);
      if (!tenant) return found;
      const keys = statsDayKeys(from, to);
      // deliveryStats.read
      const docs = await days
        .find({ _id: { $in: keys.map((key) => `${tenantId.toLowerCase()}:${key}`) }, tenantId: tenant })
        .toArray();
      for (const doc of docs) readStatsDay(doc._id.slice(doc._id.indexOf(":") + 1), doc, from, to, found);
      return found;
    },
  };
}
