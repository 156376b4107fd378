import { serialWrite } from "@/lib/db/insert-batched";
import { writeErrorsOf } from "@/lib/errors-db";
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
const TRIM_EVERY = 50;
const MAX_KEPT_BODY = 1024 * 1024;

// Group commit of first attempts per window (the common case: one successful attempt is the
// delivery's only write): queued while the single writer is busy, then one insertMany.
type Pending = { doc: Record<string, unknown>; resolve: (inserted: boolean) => void; reject: (error: unknown) => void };
const pendingInserts = new Map<string, Pending[]>();

function insertFirst(endpointId: string, doc: Record<string, unknown>): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const queue = pendingInserts.get(endpointId);
    if (queue) return void queue.push({ doc, resolve, reject });
    pendingInserts.set(endpointId, [{ doc, resolve, reject }]);
    void serialWrite(async () => {
      const batch = pendingInserts.get(endpointId) ?? [];
      pendingInserts.delete(endpointId);
      const failed = new Map<number, { code?: number }>();
      try {
        await outboundDeliveriesCollection(endpointId).insertMany(
          batch.map((p) => p.doc),
          { ordered: false },
        );
      } catch (error) {
        const writeErrors = writeErrorsOf(error);
        if (writeErrors.length === 0) {
          for (const p of batch) p.reject(error);
          return;
        }
        for (const e of writeErrors) failed.set(e.index, e);
      }
      batch.forEach((p, index) => {
        const error = failed.get(index);
        // A duplicate: the delivery's document exists already (an attempt repeated after a crash).
        if (!error) p.resolve(true);
        else if (error.code === 11000) p.resolve(false);
        else p.reject(error);
      });
    });
  });
}

/**
 * Appends one attempt to its delivery's document in the endpoint's window. The first attempt
 * inserts the document (group-committed); later ones push onto it by exact `_id`, written only by
 * the job making the attempt.
 */
export async function recordAttempt(
  delivery: DeliveryRecord,
  attempt: AttemptView,
  status: OutboundDeliveryView["status"],
  first: boolean,
): Promise<void> {
  const now = new Date();
  // What a delivery is, set once by whichever of its attempts writes first.
  const fixed = {
    tenantId: delivery.tenantId,
    endpointId: delivery.endpointId,
    url: delivery.url,
    // Kept for a manual retry, unless a large batch would strain the document size limit.
    body: delivery.body.length <= MAX_KEPT_BODY ? delivery.body : null,
    eventIds: delivery.eventIds,
    eventTypes: delivery.eventTypes,
    createdAt: now,
  };
  if (first) {
    const inserted = await insertFirst(delivery.endpointId, {
      _id: delivery.deliveryId,
      ...fixed,
      status,
      updatedAt: now,
      attempts: [attempt],
    });
    if (inserted) {
      await trim(delivery.endpointId).catch((error: unknown) =>
        getLogger().warn({ err: error }, "could not trim a delivery log"),
      );
      return;
    }
  }
  const collection = outboundDeliveriesCollection(delivery.endpointId);
  await serialWrite(() =>
    collection.updateOne(
      { _id: delivery.deliveryId as never },
      {
        $setOnInsert: fixed,
        $set: { status, updatedAt: now },
        $push: { attempts: attempt as never },
      },
      { upsert: true },
    ),
  );
}

async function trim(endpointId: string): Promise<void> {
  const count = (sinceTrim.get(endpointId) ?? 0) + 1;
  sinceTrim.set(endpointId, count);
  if (count < TRIM_EVERY) return;
  sinceTrim.set(endpointId, 0);
  const collection = outboundDeliveriesCollection(endpointId);
  const all = await collection.find({}, { projection: { createdAt: 1 } }).toArray();
  if (all.length <= OUTBOUND_DELIVERY_WINDOW) return;
  all.sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
  // One statement: on the embedded database it reads the (small) window once, like the find above.
  const old = all.slice(OUTBOUND_DELIVERY_WINDOW).map((doc) => doc._id);
  await serialWrite(() => collection.deleteMany({ _id: { $in: old } }));
}
