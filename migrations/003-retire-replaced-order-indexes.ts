import { dropIndexes } from "@/lib/storage/migrations/drop-indexes";
import type { Migration } from "@/lib/storage/migrations/migration";

// Indexes earlier versions declared on orders and payments that no query of the orders port uses
// (tests/unit/storage-indexes.test.ts): MongoDB would maintain them on every write.
const RETIRED = [
  // The dashboard's recent orders come from its read model (dashboard_facts), not from `orders`.
  { collection: "orders", index: "tenantId_1_createdAt_-1" },
  // Waiting payments are kept in parked_payments (or the embedded adapter's markers).
  { collection: "payments", index: "tenantId_1_orderNumber_1" },
  // An order's payments are listed in the order itself.
  { collection: "payments", index: "tenantId_1_orderId_1" },
];

/** Drops each retired index where it exists; one that is absent (a new database) is already done. */
const migration: Migration = {
  id: "003-retire-replaced-order-indexes",
  description: "Drop the order and payment indexes that the orders port's adapters replaced",
  async up(db) {
    const dropped = await dropIndexes(RETIRED.map(({ collection, index }) => ({ collection: db.collection(collection), index })));
    return `dropped ${dropped} index(es)`;
  },
};

export default migration;
