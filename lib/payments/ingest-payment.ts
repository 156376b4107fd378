import { isDuplicateKey } from "@/lib/errors-db";
import type { PaymentWebhook } from "@/lib/webhooks/schemas";
import { Order } from "@/models/order";
import { Payment } from "@/models/payment";

export type IngestedPayment = {
  outcome: "created" | "duplicate";
  paymentId: string;
  recordId: string;
  orderLinked: boolean;
  orderId: string | null;
  orderNumber: string | null;
};

/** Stores a payment exactly once per paymentId + status and links it to its order when known. */
export async function ingestPayment(tenantId: string, input: PaymentWebhook): Promise<IngestedPayment> {
  let record: { _id: unknown; orderId?: unknown; orderNumber?: string | null };
  let outcome: IngestedPayment["outcome"] = "created";
  try {
    const doc = await Payment.create({
      tenantId,
      paymentId: input.paymentId,
      status: input.status,
      amount: input.amount,
      orderNumber: input.orderNumber ?? null,
      orderId: null,
      metadata: input.metadata ?? {},
    });
    record = doc.toObject();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    outcome = "duplicate";
    const found = await Payment.findOne({ tenantId, paymentId: input.paymentId, status: input.status }).lean();
    if (!found) throw error;
    record = found;
  }

  // Written first, looked up second: see link-pending-payments.
  const order = await Order.findOne(
    input.orderId ? { tenantId, _id: input.orderId } : { tenantId, orderNumber: input.orderNumber },
    { _id: 1, orderNumber: 1 },
  ).lean();
  if (order) {
    await Payment.updateOne({ tenantId, _id: record._id }, { $set: { orderId: order._id, orderNumber: order.orderNumber } });
    if (outcome === "created") await Order.updateOne({ tenantId, _id: order._id }, { $set: { paymentStatus: input.status } });
  }
  return {
    outcome,
    paymentId: input.paymentId,
    recordId: String(record._id),
    orderLinked: Boolean(order),
    orderId: order ? String(order._id) : null,
    orderNumber: order?.orderNumber ?? input.orderNumber ?? null,
  };
}
