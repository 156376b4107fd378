import { derivedId } from "@/lib/db/derived-id";
import { insertBatched } from "@/lib/db/insert-batched";
import { isDuplicateKey } from "@/lib/errors-db";
import type { OrderWebhook } from "@/lib/webhooks/schemas";
import { Order } from "@/models/order";

export type IngestedOrder =
  | { outcome: "created"; orderId: string; version: number }
  | { outcome: "updated"; orderId: string; version: number; previousStatus: string }
  | { outcome: "duplicate"; orderId: string };

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
    await insertBatched(Order, {
      _id,
      tenantId,
      orderNumber: input.orderNumber,
      customerName: input.customerName,
      customerEmail: input.customerEmail ?? null,
      amount: input.amount,
      currency: input.currency,
      status: input.status,
      items: input.items ?? [],
      metadata: input.metadata ?? {},
      version: 0,
      statusHistory: [{ status: input.status, at: now }],
    });
    return { outcome: "created", orderId, version: 0 };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }

  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await Order.findById(_id, { tenantId: 1, status: 1 }).lean();
    if (!existing || String(existing.tenantId) !== tenantId) throw new Error(`order ${input.orderNumber} vanished`);
    if (existing.status === input.status) return { outcome: "duplicate", orderId };
    const changed = await Order.findOneAndUpdate(
      { _id, status: existing.status },
      { $set: { status: input.status }, $inc: { version: 1 }, $push: { statusHistory: { status: input.status, at: now } } },
      { returnDocument: "after" },
    ).lean();
    if (changed) return { outcome: "updated", orderId, version: changed.version ?? 1, previousStatus: existing.status };
    // Another delivery changed the status between our read and our write: look again.
  }
  throw new Error(`order ${input.orderNumber} kept changing under concurrent deliveries`);
}
