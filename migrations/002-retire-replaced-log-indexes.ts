import { logDatabaseName } from "@/lib/storage/database/log-database";
import { dropIndexes } from "@/lib/storage/migrations/drop-indexes";
import type { Migration } from "@/lib/storage/migrations/migration";

// Indexes earlier versions declared that no query uses any more (the storage ports' adapters
// declare their own, tests/unit/storage-indexes.test.ts): MongoDB would maintain them on every write.
const RETIRED = [
  // The deliveries log lists every accepted request, a platform's retry of a delivery id included.
  { log: true, collection: "webhook_events", index: "tenantId_1_deliveryId_1" },
  // Replaced by tenant_recent {tenantId, receivedAt: -1, _id: -1}, which also orders a millisecond's ties.
  { log: true, collection: "webhook_events", index: "tenantId_1_receivedAt_-1" },
  { log: false, collection: "rejected_deliveries", index: "tenantId_1_receivedAt_-1" },
];

/** Drops each retired index where it exists; one that is absent (a new database) is already done. */
const migration: Migration = {
  id: "002-retire-replaced-log-indexes",
  description: "Drop the delivery and rejection log indexes that the storage adapters replaced",
  async up(db) {
    const dropped = await dropIndexes(
      RETIRED.map(({ log, collection, index }) => ({
        collection: (log ? db.client.db(logDatabaseName(db.databaseName)) : db).collection(collection),
        index,
      })),
    );
    return `dropped ${dropped} index(es)`;
  },
};

export default migration;
