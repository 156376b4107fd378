import { Order } from "@/models/order";
import { Payment } from "@/models/payment";

/**
 * Attaches payments that arrived before their order. Runs after the order is written, and
 * payments look their order up after they are written, so whichever lands second sees the other.
 */
export async function linkPendingPayments(tenantId: string, order: { _id: unknown; orderNumber: string }): Promise<number> {
  const pending = await Payment.find(
    { tenantId, orderNumber: order.orderNumber, orderId: null },
    { _id: 1, status: 1, updatedAt: 1 },
  ).lean();
  if (pending.length === 0) return 0;
  await Payment.updateMany(
    { tenantId, _id: { $in: pending.map((p) => p._id) }, orderId: null },
    { $set: { orderId: order._id } },
  );
  const latest = pending.reduce((a, b) => ((a.updatedAt ?? 0) > (b.updatedAt ?? 0) ? a : b));
  await Order.updateOne({ tenantId, _id: order._id }, { $set: { paymentStatus: latest.status } });
  return pending.length;
}
