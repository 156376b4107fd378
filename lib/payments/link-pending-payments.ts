import type { LinkedPayment } from "@/lib/storage/ports/orders";
import { getStorage } from "@/lib/storage/registry";

/**
 * Links payments that arrived before this order (see ingest-payment); returns how many. Each
 * marker is removed only after its payment is linked (linking is idempotent), so a crash in
 * between leaves it to the replay of this order's event.
 */
export async function linkPendingPayments(tenantId: string, order: { id: string; orderNumber: string }): Promise<number> {
  const orders = getStorage().orders;
  // Read after the order is stored: a payment parks before it looks for its order a second time.
  const waiting = await orders.listParkedPayments(tenantId, order.orderNumber);
  if (waiting.length === 0) return 0;
  const linked: LinkedPayment[] = [];
  for (const parked of waiting) {
    const payment = await orders.linkPayment(tenantId, parked.recordId, order);
    if (!payment) continue;
    linked.push({
      recordId: payment.id,
      paymentId: payment.paymentId,
      status: payment.status,
      amount: payment.amount,
      at: payment.createdAt,
    });
  }
  if (linked.length > 0) {
    linked.sort((a, b) => +a.at - +b.at);
    // The order's payment status is its latest payment's.
    const latest = linked[linked.length - 1] as LinkedPayment;
    await orders.appendPayments(tenantId, order.id, linked, latest.status);
  }
  for (const parked of waiting) await orders.claimParkedPayment(tenantId, parked.recordId);
  return linked.length;
}
