import type { Collection, Document } from "mongodb";
import mongoose, { type Types } from "mongoose";

/**
 * Payments waiting for their order, one collection per tenant (`pending_payments_<tenantId>`), one
 * document per parked payment: `_id` is the payment record's `_id`. Markers are only inserted and
 * deleted — the two writes FerretDB v1 performs atomically (its updates read, then write) — and
 * deleting one is how a payment is claimed for linking, so it is linked exactly once.
 * A new order reads its tenant's whole collection (no index: FerretDB v1 would scan anyway), once
 * per group commit of orders: it holds only the payments still waiting, and no other tenant's.
 */
export type PendingPaymentDoc = { _id: Types.ObjectId; orderNumber: string; createdAt: Date };

export function pendingPaymentsCollection(tenantId: string): Collection<PendingPaymentDoc> {
  return mongoose.connection.collection(`pending_payments_${tenantId}`) as unknown as Collection<PendingPaymentDoc & Document>;
}
