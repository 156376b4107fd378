import { derivedId } from "@/lib/db/derived-id";
import { Order } from "@/models/order";
import { Payment } from "@/models/payment";
import { PendingPayment } from "@/models/pending-payment";

/** Links payments that arrived before this order (see ingest-payment); returns how many. */
export async function linkPendingPayments(tenantId: string, order: { _id: unknown; orderNumber: string }): Promise<number> {
  const markerId = derivedId("pending", tenantId, order.orderNumber);
  const marker = await PendingPayment.findById(markerId).lean();
  if (!marker || String(marker.tenantId) !== tenantId) return 0;
  let latest: { status: string; at: Date } | null = null;
  const linked: Array<{ recordId: unknown; paymentId: string; status: string; amount: number; at: Date }> = [];
  for (const recordId of marker.paymentRecordIds) {
    const payment = await Payment.findOneAndUpdate(
      { _id: recordId },
      { $set: { orderId: order._id } },
      { returnDocument: "after" },
    ).lean();
    if (!payment) continue;
    const at = payment.createdAt ?? new Date(0);
    linked.push({ recordId, paymentId: payment.paymentId, status: payment.status, amount: payment.amount, at });
    if (!latest || at > latest.at) latest = { status: payment.status, at };
  }
  if (latest)
    await Order.updateOne(
      { _id: order._id },
      { $set: { paymentStatus: latest.status }, $push: { payments: { $each: linked.sort((a, b) => +a.at - +b.at) } } },
    );
  await PendingPayment.deleteOne({ _id: markerId });
  return marker.paymentRecordIds.length;
}
