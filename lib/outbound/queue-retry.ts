import type { OutboundRuntime } from "@/lib/outbound/outbound-runtime";
import type { OutboundDeliveryRecord, OutboundEndpointRecord } from "@/lib/storage/ports/outbound";

/**
 * Queues one more attempt of a delivery (same webhook-id, same body), or says why it cannot be.
 * The job id names the attempt it follows, so asking twice before it ran (a double click, two
 * admins, a recover repeated) queues it once.
 */
export async function queueRetry(
  runtime: OutboundRuntime,
  delivery: OutboundDeliveryRecord,
  endpoint: OutboundEndpointRecord | null,
): Promise<string | null> {
  if (!endpoint) return "Its endpoint was removed";
  if (delivery.status === "pending") return "This delivery is still being attempted";
  if (typeof delivery.body !== "string") return "This delivery's body was too large to keep, so it cannot be retried";
  if (!endpoint.enabled) return "The endpoint is disabled: enable it before retrying";
  await runtime.queue.add(
    "retry",
    {
      kind: "deliver",
      tenantId: delivery.tenantId,
      endpointId: delivery.endpointId,
      deliveryId: delivery.id,
      body: delivery.body,
      eventIds: delivery.eventIds,
      eventTypes: delivery.eventTypes,
    },
    { jobId: `retry_${delivery.id}_${delivery.attempts.length}`, attempts: 1, removeOnComplete: true, removeOnFail: true },
  );
  return null;
}
