import type { Types } from "mongoose";
import { derivedId } from "@/lib/db/derived-id";
import { isDuplicateKey } from "@/lib/errors-db";
import { withOrderLock } from "@/lib/orders/with-order-lock";
import type { PaymentWebhook } from "@/lib/webhooks/schemas";
import { Order } from "@/models/order";
import { Payment } from "@/models/payment";
import { pendingPaymentsCollection } from "@/models/pending-payment";

export type IngestedPayment = {
  outcome: "created" | "duplicate";
  paymentId: string;
  recordId: string;
  orderLinked: boolean;
  orderId: string | null;
  orderNumber: string | null;
};

async function findOrder(tenantId: string, input: PaymentWebhook) {
  const _id = input.orderId ?? derivedId("order", tenantId, input.orderNumber ?? "").toHexString();
  const order = await Order.findById(_id, { tenantId: 1, orderNumber: 1 }).lean();
  // Ids are tenant-derived, but a caller-supplied orderId must still be this tenant's.
  return order && String(order.tenantId) === tenantId ? order : null;
}

async function link(recordId: Types.ObjectId, order: { _id: unknown; orderNumber: string }, input: PaymentWebhook) {
  await Payment.updateOne({ _id: recordId }, { $set: { orderId: order._id, orderNumber: order.orderNumber } });
  await withOrderLock(String(order._id), () =>
    Order.updateOne(
      { _id: order._id },
      {
        $set: { paymentStatus: input.status },
        $push: {
          payments: { recordId, paymentId: input.paymentId, status: input.status, amount: input.amount, at: new Date() },
        },
      },
    ),
  );
}

/**
 * Stores a payment exactly once per paymentId + status (one insert under its derived id) and
 * links it to its order. A payment whose order has not arrived is parked (models/pending-payment.ts):
 * it writes its marker before looking for the order a second time, and the order writes itself
 * before reading the markers, so at least one of the two sees the other; the one that deletes the
 * marker links the payment.
 */
export async function ingestPayment(tenantId: string, input: PaymentWebhook): Promise<IngestedPayment> {
  const _id = derivedId("payment", tenantId, input.paymentId, input.status);
  let outcome: IngestedPayment["outcome"] = "created";
  try {
    await Payment.create({
      _id,
      tenantId,
      paymentId: input.paymentId,
      status: input.status,
      amount: input.amount,
      orderNumber: input.orderNumber ?? null,
      orderId: null,
      metadata: input.metadata ?? {},
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    outcome = "duplicate";
  }

  let order = await findOrder(tenantId, input);
  let linkHere = order !== null && outcome === "created";
  if (!order && outcome === "created" && input.orderNumber) {
    const parked = pendingPaymentsCollection(tenantId);
    await parked.insertOne({ _id, orderNumber: input.orderNumber, createdAt: new Date() }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
    order = await findOrder(tenantId, input);
    // The order landed meanwhile and may be linking its parked payments right now: whichever of
    // the two deletes this marker links the payment.
    if (order) linkHere = (await parked.deleteOne({ _id })).deletedCount === 1;
  }
  if (order && linkHere) await link(_id, order, input);
  return {
    outcome,
    paymentId: input.paymentId,
    recordId: _id.toHexString(),
    orderLinked: Boolean(order),
    orderId: order ? String(order._id) : null,
    orderNumber: order?.orderNumber ?? input.orderNumber ?? null,
  };
}
