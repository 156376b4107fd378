import type { AnyBulkWriteOperation } from "mongodb";
import { orderKeywords } from "@/lib/storage/common/order-keywords";
import type { Migration } from "@/lib/storage/migrations/migration";

type EarlierOrder = {
  _id: unknown;
  orderNumber?: string;
  customerName?: string;
  customerEmail?: string | null;
  metadata?: Record<string, unknown> | null;
};

const SOURCE_PLATFORMS = ["shopify", "woocommerce", "stripe", "paddle"];

/**
 * Orders stored before the orders list get what it filters and searches on: `keywords` (the
 * words search matches, lib/storage/common/order-keywords.ts) and `sourceId`, taken from the
 * `metadata.sourceId` a source's mapping wrote (only on orders a platform's mapping made, so a
 * tenant's own metadata key of that name is not mistaken for one). Idempotent: it only reads
 * orders without keywords, and writes the same values again if run twice.
 */
const migration: Migration = {
  id: "004-order-keywords",
  description: "Give orders stored before the orders list their search keywords and source",
  async up(db) {
    const orders = db.collection("orders");
    const earlier = orders.find(
      { keywords: { $exists: false } },
      { projection: { orderNumber: 1, customerName: 1, customerEmail: 1, metadata: 1 } },
    );
    let updated = 0;
    let batch: AnyBulkWriteOperation[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await orders.bulkWrite(batch, { ordered: false });
      updated += batch.length;
      batch = [];
    };
    for await (const doc of earlier as AsyncIterable<EarlierOrder>) {
      const metadata = doc.metadata ?? {};
      const sourceId =
        typeof metadata.sourceId === "string" &&
        /^[0-9a-f]{24}$/.test(metadata.sourceId) &&
        SOURCE_PLATFORMS.includes(String(metadata.platform))
          ? metadata.sourceId
          : null;
      const keywords = orderKeywords({
        orderNumber: doc.orderNumber ?? "",
        customerName: doc.customerName ?? "",
        customerEmail: doc.customerEmail ?? null,
        metadata,
      });
      batch.push({ updateOne: { filter: { _id: doc._id as never }, update: { $set: { keywords, sourceId } } } });
      if (batch.length >= 500) await flush();
    }
    await flush();
    return `gave ${updated} order(s) keywords`;
  },
};

export default migration;
