import { newId } from "@/lib/storage/ids";
import { getStorage } from "@/lib/storage/registry";
import { eventsRunningHere } from "@/lib/webhooks/ingest/events-running-here";
import { type Delivery, type DeliveryResult, handleEvent } from "@/lib/webhooks/ingest/handle-event";
import type { OrderWebhook, PaymentWebhook } from "@/lib/webhooks/schemas";

/** The key an event keeps across a platform's retries: its delivery id, or its domain identity. */
function eventKeyOf(delivery: Delivery): string {
  if (delivery.deliveryId) return `${delivery.kind}/${delivery.deliveryId}`;
  if (delivery.kind === "orders") {
    const input = delivery.input as OrderWebhook;
    return `order:${input.orderNumber}:${input.status}`;
  }
  if (delivery.kind === "payments") {
    const input = delivery.input as PaymentWebhook;
    return `payment:${input.paymentId}:${input.status}`;
  }
  // A notification without a delivery id is a new one each time.
  return `notifications/${newId()}`;
}

/**
 * The idempotent write for one verified, validated delivery, then its side effects: the event is
 * opened in the effect journal before anything else is written, then handled (handle-event.ts);
 * the answer waits for the entry to be durable too, which a file journal makes beside the record.
 * A retry of an event whose entry is still open replays its unfinished effects (replay-journal.ts
 * does the same after a restart).
 */
export async function processDelivery(delivery: Delivery): Promise<DeliveryResult> {
  const { tenantId } = delivery;
  const journal = getStorage().effectJournal;
  const { opened, entry, durable } = await journal.open(tenantId, {
    eventKey: eventKeyOf(delivery),
    kind: delivery.kind,
    input: delivery.input,
    deliveryId: delivery.deliveryId,
    scheme: delivery.scheme,
    headers: delivery.headers,
    rawBody: delivery.rawBody,
    ...(delivery.source ? { source: delivery.source } : {}),
    openedBy: eventsRunningHere.processId,
  });
  // A retry of an event this process is still finishing: once finished, it is a plain duplicate.
  const here = eventsRunningHere.get(entry.id);
  if (here) await here;
  const result = await handleEvent(delivery, entry, { opened, replaying: !opened && !here, answering: true });
  // The entry was flushed to disk beside the record's write: the answer promises both.
  await durable;
  return result;
}
