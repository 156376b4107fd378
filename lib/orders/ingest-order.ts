import type { Collection, Document } from "mongodb";
import { Types } from "mongoose";
import type { OrderVersion } from "@/lib/dashboard/record-order-fact";
import { derivedId } from "@/lib/db/derived-id";
import { insertBatchedRaw } from "@/lib/db/insert-batched";
import { isDuplicateKey } from "@/lib/errors-db";
import { withOrderLock } from "@/lib/orders/with-order-lock";
import type { OrderWebhook } from "@/lib/webhooks/schemas";
import { Order, type OrderFields } from "@/models/order";

export type IngestedOrder =
  | { outcome: "created"; orderId: string; version: number; snapshot: OrderVersion }
  | { outcome: "updated"; orderId: string; version: number; previousStatus: string; snapshot: OrderVersion }
  | { outcome: "duplicate"; orderId: string; snapshot: OrderVersion };

/**
 * Exactly once per tenant + orderNumber, even under concurrent identical deliveries. A new order
 * is a single insert under its derived id (the hot path: no read). A known order with another
 * status is changed by compare-and-set on the status read, so one racing delivery wins the change.
 */
export async function ingestOrder(tenantId: string, input: OrderWebhook): Promise<IngestedOrder> {
  const _id = derivedId("order", tenantId, input.orderNumber);
  const orderId = _id.toHexString();
  const now = new Date();
  try {
    // The document models/order.ts describes, built directly from what the webhook's zod schema
    // validated (items are exactly its four fields): mongoose's cast costs the hot path CPU for nothing.
    await insertBatchedRaw(
      Order.collection as unknown as Collection<Document>,
      {
        _id,
        tenantId: new Types.ObjectId(tenantId),
        orderNumber: input.orderNumber,
        customerName: input.customerName,
        customerEmail: input.customerEmail ?? null,
        amount: input.amount,
        currency: input.currency,
        status: input.status,
        paymentStatus: null,
        items: input.items ?? [],
        metadata: input.metadata ?? {},
        version: 0,
        statusHistory: [{ status: input.status, at: now }],
        payments: [],
        createdAt: now,
        updatedAt: now,
      },
      "record",
    );
    const snapshot = versionOf(orderId, { ...input, version: 0, createdAt: now }, now);
    return { outcome: "created", orderId, version: 0, snapshot };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }

  return withOrderLock(orderId, async (): Promise<IngestedOrder> => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await Order.findById(_id, { statusHistory: 0, items: 0, metadata: 0, payments: 0 }).lean();
      if (!existing || String(existing.tenantId) !== tenantId) throw new Error(`order ${input.orderNumber} vanished`);
      if (existing.status === input.status) {
        // Re-recorded (idempotently) so a retry after a failure between the order and its facts heals them.
        const snapshot = versionOf(orderId, existing, now);
        return { outcome: "duplicate", orderId, snapshot };
      }
      const changed = await Order.findOneAndUpdate(
        { _id, status: existing.status },
        { $set: { status: input.status }, $inc: { version: 1 }, $push: { statusHistory: { status: input.status, at: now } } },
        { returnDocument: "after" },
      ).lean();
      if (changed) {
        const version = changed.version ?? 1;
        const snapshot = versionOf(orderId, changed, now);
        return { outcome: "updated", orderId, version, previousStatus: existing.status, snapshot };
      }
      // Another delivery changed the status between our read and our write: look again.
    }
    throw new Error(`order ${input.orderNumber} kept changing under concurrent deliveries`);
  });
}

type Stored = Pick<OrderFields, "orderNumber" | "customerName" | "amount" | "status"> & {
  currency?: string | null;
  version?: number | null;
  createdAt?: Date | null;
};

/** The dashboard's view of one version of the order (lib/dashboard/record-order-fact.ts). */
function versionOf(orderId: string, order: Stored, now: Date): OrderVersion {
  return {
    orderId,
    v: order.version ?? 0,
    orderNumber: order.orderNumber,
    customerName: order.customerName,
    amount: order.amount,
    currency: order.currency ?? "USD",
    status: order.status,
    createdAt: order.createdAt ?? now,
  };
}
