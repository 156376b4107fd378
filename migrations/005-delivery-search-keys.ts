import type { AnyBulkWriteOperation, Collection, Document } from "mongodb";
import { acceptedSearchKeys, rejectionSearchKeys } from "@/lib/storage/common/inbound-log-search";
import { LOG_RETENTION_DAYS } from "@/lib/storage/common/log-retention";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import type { Migration } from "@/lib/storage/migrations/migration";

/**
 * Deliveries logged before the logs could be searched get the `keys` a search matches
 * (lib/storage/common/inbound-log-search.ts): accepted ones in `webhook_events`, refused ones in
 * `rejected_deliveries`, within the retention period (older ones are about to expire). On MongoDB
 * only: on FerretDB the embedded adapter computes the keys as it reads its windows, and reading
 * the whole archive at a start to write keys it never queries would only slow that start.
 * Idempotent: it only reads documents without keys.
 */
const migration: Migration = {
  id: "005-delivery-search-keys",
  description: "Give deliveries logged before the logs' search their search keys",
  async up(db) {
    const info = (await db.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string };
    if (info.ferretdbVersion) return "FerretDB: the embedded adapter computes search keys as it reads";
    const since = new Date(Date.now() - LOG_RETENTION_DAYS * 86_400_000);
    const accepted = await backfill(
      db.client.db(logDatabaseName(db.databaseName)).collection("webhook_events"),
      since,
      { deliveryId: 1, dedupeKey: 1, source: 1 },
      (doc) => acceptedSearchKeys(doc as { deliveryId: string; dedupeKey: string; source?: { id: string } }),
    );
    const refused = await backfill(db.collection("rejected_deliveries"), since, { headers: 1 }, (doc) =>
      rejectionSearchKeys(doc.headers as Record<string, string> | undefined),
    );
    return `gave ${accepted} accepted and ${refused} refused deliveries search keys`;
  },
};

async function backfill(
  collection: Collection,
  since: Date,
  projection: Document,
  keysOf: (doc: Document) => string[],
): Promise<number> {
  let updated = 0;
  let batch: AnyBulkWriteOperation[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await collection.bulkWrite(batch, { ordered: false });
    updated += batch.length;
    batch = [];
  };
  for await (const doc of collection.find({ keys: { $exists: false }, receivedAt: { $gte: since } }, { projection })) {
    batch.push({ updateOne: { filter: { _id: doc._id }, update: { $set: { keys: keysOf(doc) } } } });
    if (batch.length >= 500) await flush();
  }
  await flush();
  return updated;
}

export default migration;
