import { isDuplicateKey } from "@/lib/errors-db";
import type { OrderWebhook } from "@/lib/webhooks/schemas";
import { Order } from "@/models/order";

export type IngestedOrder =
  | { outcome: "created"; orderId: string; version: number }
  | { outcome: "updated"; orderId: string; version: number; previousStatus: string }
  | { outcome: "duplicate"; orderId: string };

/**
 * Exactly once per tenant + orderNumber, even under concurrent identical deliveries: an upsert
 * creates it; a different status is applied by compare-and-set on the status we read, so only
 * one of several racing deliveries wins the change (and notifies).
 */
export async function ingestOrder(tenantId: string, input: OrderWebhook): Promise<IngestedOrder> {
  const now = new Date();
  const insert = {
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
  };

  for (let attempt = 0; attempt < 5; attempt++) {
    let existing: { _id: unknown; status: string; version?: number | null } | null;
    try {
      // With includeResultMetadata mongoose returns the driver's raw result; its typings do not say so.
      const result = (await Order.findOneAndUpdate(
        { tenantId, orderNumber: input.orderNumber },
        { $setOnInsert: insert },
        // No projection: FerretDB v1 does not implement one on findAndModify.
        { upsert: true, returnDocument: "before", includeResultMetadata: true },
      ).lean()) as unknown as { value: typeof existing; lastErrorObject?: { upserted?: unknown } };
      existing = result.value;
      if (!existing) {
        const upserted = result.lastErrorObject?.upserted;
        return { outcome: "created", orderId: String(upserted), version: 0 };
      }
    } catch (error) {
      // Two upserts raced on the unique index: the other one created it; read it and go on.
      if (!isDuplicateKey(error)) throw error;
      existing = await Order.findOne({ tenantId, orderNumber: input.orderNumber }, { _id: 1, status: 1, version: 1 }).lean();
      if (!existing) continue;
    }

    if (existing.status === input.status) return { outcome: "duplicate", orderId: String(existing._id) };

    const changed = await Order.findOneAndUpdate(
      { tenantId, _id: existing._id, status: existing.status },
      { $set: { status: input.status }, $inc: { version: 1 }, $push: { statusHistory: { status: input.status, at: now } } },
      { returnDocument: "after" },
    ).lean();
    if (changed)
      return { outcome: "updated", orderId: String(changed._id), version: changed.version ?? 1, previousStatus: existing.status };
    // Someone else changed the status between our read and our write: look again.
  }
  throw new Error(`order ${input.orderNumber} kept changing under concurrent deliveries`);
}
