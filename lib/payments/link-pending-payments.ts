import { withOrderLock } from "@/lib/orders/with-order-lock";
import { findParkedPayments } from "@/lib/payments/find-parked-payments";
import { Order } from "@/models/order";
import { Payment } from "@/models/payment";
import { pendingPaymentsCollection } from "@/models/pending-payment";

/** Links payments that arrived before this order (see ingest-payment); returns how many. */
export async function linkPendingPayments(tenantId: string, order: { _id: unknown; orderNumber: string }): Promise<number> {
  const waiting = (await findParkedPayments(tenantId)).filter((marker) => marker.orderNumber === order.orderNumber);
  if (waiting.length === 0) return 0;
  let latest: { status: string; at: Date } | null = null;
  const linked: Array<{ recordId: unknown; paymentId: string; status: string; amount: number; at: Date }> = [];
  for (const marker of waiting) {
    // Deleting the marker claims the payment: one that saw this order first has claimed itself.
    const { deletedCount } = await pendingPaymentsCollection(tenantId).deleteOne({ _id: marker._id });
    if (deletedCount !== 1) continue;
    const payment = await Payment.findOneAndUpdate(
      { _id: marker._id },
      { $set: { orderId: order._id } },
      { returnDocument: "after" },
    ).lean();
    if (!payment) continue;
    const at = payment.createdAt ?? new Date(0);
    linked.push({ recordId: marker._id, paymentId: payment.paymentId, status: payment.status, amount: payment.amount, at });
    if (!latest || at > latest.at) latest = { status: payment.status, at };
  }
  const last = latest;
  if (last)
    await withOrderLock(String(order._id), () =>
      Order.updateOne(
        { _id: order._id },
        { $set: { paymentStatus: last.status }, $push: { payments: { $each: linked.sort((a, b) => +a.at - +b.at) } } },
      ),
    );
  return linked.length;
}
