import { serialWrite } from "@/lib/db/insert-batched";
import { getLogger } from "@/lib/logger";
import type { AttemptView, OutboundDeliveryView } from "@/lib/outbound/schemas";
import { OUTBOUND_DELIVERY_WINDOW, outboundDeliveriesCollection } from "@/models/outbound-endpoint";

export type DeliveryRecord = {
  deliveryId: string;
  tenantId: string;
  endpointId: string;
  url: string;
  body: string;
  eventIds: string[];
  eventTypes: string[];
};

// Deliveries this process created per endpoint since it last trimmed that window.
const sinceTrim = new Map<string, number>();

/**
 * Appends one attempt to its delivery's document (created by the first attempt) in the endpoint's
 * window: a single-document upsert by exact `_id`, written only by the job making the attempt.
 */
export async function recordAttempt(
  delivery: DeliveryRecord,
  attempt: AttemptView,
  status: OutboundDeliveryView["status"],
): Promise<void> {
  const collection = outboundDeliveriesCollection(delivery.endpointId);
  const now = new Date();
  const result = await serialWrite(() =>
    collection.updateOne(
      { _id: delivery.deliveryId as never },
      {
        $setOnInsert: {
          tenantId: delivery.tenantId,
          endpointId: delivery.endpointId,
          url: delivery.url,
          body: delivery.body,
          eventIds: delivery.eventIds,
          eventTypes: delivery.eventTypes,
          createdAt: now,
        },
        $set: { status, updatedAt: now },
        $push: { attempts: attempt as never },
      },
      { upsert: true },
    ),
  );
  if (result.upsertedCount > 0)
    await trim(delivery.endpointId).catch((error: unknown) => getLogger().warn({ err: error }, "could not trim a delivery log"));
}

async function trim(endpointId: string): Promise<void> {
  const count = (sinceTrim.get(endpointId) ?? 0) + 1;
  sinceTrim.set(endpointId, count);
  if (count < 25) return;
  sinceTrim.set(endpointId, 0);
  const collection = outboundDeliveriesCollection(endpointId);
  const all = await collection.find({}, { projection: { createdAt: 1 } }).toArray();
  all.sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
  // By `_id`, one at a time: the only filter the embedded database answers without a scan.
  for (const old of all.slice(OUTBOUND_DELIVERY_WINDOW)) await serialWrite(() => collection.deleteOne({ _id: old._id }));
}
