import { type PendingPaymentDoc, pendingPaymentsCollection } from "@/models/pending-payment";

// Reads started in this turn of the event loop, by tenant: the orders one group commit stored are
// all resolved in one turn, so a read shared here started after every one of their inserts.
const thisTurn = new Map<string, Promise<PendingPaymentDoc[]>>();

/**
 * The payments the tenant has parked for orders not received yet. Read after the order is stored:
 * a payment parks before it looks for its order a second time, so one of the two sees the other
 * (ingest-payment.ts).
 */
export function findParkedPayments(tenantId: string): Promise<PendingPaymentDoc[]> {
  const shared = thisTurn.get(tenantId);
  if (shared) return shared;
  const read = pendingPaymentsCollection(tenantId).find({}).toArray();
  if (thisTurn.size === 0) setImmediate(() => thisTurn.clear());
  thisTurn.set(tenantId, read);
  return read;
}
