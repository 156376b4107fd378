import { isDuplicateKey } from "@/lib/storage/errors";
import type { Migration } from "@/lib/storage/migrations/migration";

type LegacyMarker = { _id: unknown; tenantId: unknown; orderNumber: string; paymentRecordIds?: unknown[]; createdAt?: Date };

/**
 * Payments parked by versions before per-tenant markers — one `pending_payments` document per order
 * number, listing payment record ids — become one `pending_payments_<tenantId>` marker per payment
 * (models/pending-payment.ts), so their orders still link them. Each legacy document is removed
 * only after its markers are in; run again after a crash, a marker already moved is a duplicate
 * key, and is skipped.
 */
const migration: Migration = {
  id: "001-adopt-legacy-parked-payments",
  description: "Move payments parked by earlier versions (pending_payments) to per-tenant markers",
  async up(db) {
    const legacy = db.collection("pending_payments");
    // Small by nature: it only ever held payments still waiting for their order.
    const docs = (await legacy.find({}).toArray()) as unknown as LegacyMarker[];
    let moved = 0;
    for (const doc of docs) {
      const parked = db.collection(`pending_payments_${String(doc.tenantId)}`);
      for (const recordId of doc.paymentRecordIds ?? []) {
        try {
          await parked.insertOne({
            _id: recordId as never,
            orderNumber: doc.orderNumber,
            createdAt: doc.createdAt ?? new Date(),
          });
          moved += 1;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
      }
      await legacy.deleteOne({ _id: doc._id as never });
    }
    return `moved ${moved} parked payment(s)`;
  },
};

export default migration;
