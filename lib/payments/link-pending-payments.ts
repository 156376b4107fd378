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
  for (const recordId of marker.paymentRecordIds) {
    const payment = await Payment.findOneAndUpdate(
      { _id: recordId },
      { $set: { orderId: order._id } },
      { returnDocument: "after" },
    ).lean();
    if (payment && (!latest || (payment.createdAt ?? 0) > latest.at))
      latest = { status: payment.status, at: payment.createdAt ?? new Date(0) };
  }
  if (latest) await Order.updateOne({ _id: order._id }, { $set: { paymentStatus: latest.status } });
  await PendingPayment.deleteOne({ _id: markerId });
  return marker.paymentRecordIds.length;
}
