import type { Collection, Document } from "mongodb";

export { LOG_RETENTION_DAYS } from "@/lib/storage/common/log-retention";

/**
 * Deletes what is older than the retention period, a bounded batch at a time, on servers without
 * TTL indexes (FerretDB); MongoDB's TTL monitor does the same work itself. Never more than
 * `batch` documents per statement, so one pass never holds the database for long.
 */
export async function deleteExpired(collection: Collection<Document>, field: string, cutoff: Date, batch = 500): Promise<number> {
  let deleted = 0;
  for (;;) {
    const ids = await collection
      .find({ [field]: { $lt: cutoff } }, { projection: { _id: 1 } })
      .limit(batch)
      .toArray();
    if (ids.length === 0) return deleted;
    const result = await collection.deleteMany({ _id: { $in: ids.map((doc) => doc._id) } });
    deleted += result.deletedCount;
    if (ids.length < batch) return deleted;
  }
}
