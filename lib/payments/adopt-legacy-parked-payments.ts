import mongoose from "mongoose";
import { isDuplicateKey } from "@/lib/errors-db";
import { pendingPaymentsCollection } from "@/models/pending-payment";

type LegacyMarker = { _id: unknown; tenantId: unknown; orderNumber: string; paymentRecordIds?: unknown[]; createdAt?: Date };

/**
 * Payments parked by earlier versions — one `pending_payments` document per order number, listing
 * payment record ids — become this version's markers (models/pending-payment.ts), so their orders
 * still link them. Run at start; the old collection is absent or small (it only ever held payments
 * still waiting), and a marker moved twice is one marker.
 */
export async function adoptLegacyParkedPayments(): Promise<number> {
  const legacy = mongoose.connection.collection("pending_payments");
  const docs = (await legacy.find({}).toArray()) as unknown as LegacyMarker[];
  let adopted = 0;
  for (const doc of docs) {
    const parked = pendingPaymentsCollection(String(doc.tenantId));
    for (const recordId of doc.paymentRecordIds ?? []) {
      await parked
        .insertOne({ _id: recordId as never, orderNumber: doc.orderNumber, createdAt: doc.createdAt ?? new Date() })
        .then(
          () => {
            adopted += 1;
          },
          (error: unknown) => {
            if (!isDuplicateKey(error)) throw error;
          },
        );
    }
    await legacy.deleteOne({ _id: doc._id as never });
  }
  return adopted;
}
