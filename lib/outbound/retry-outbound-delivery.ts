import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { AppError, notFound } from "@/lib/errors";
import { outboundRuntime } from "@/lib/outbound/outbound-runtime";
import { queueRetry } from "@/lib/outbound/queue-retry";
import { deliveryIdSchema } from "@/lib/outbound/schemas";
import { getStorage } from "@/lib/storage/registry";

/** Queues one more attempt of a delivery (same webhook-id, same body); its outcome joins the delivery's attempts. */
export async function retryOutboundDelivery(
  tenantId: string,
  deliveryId: string,
  actor: ActivityEntry["actor"],
): Promise<{ deliveryId: string; queued: true }> {
  if (!deliveryIdSchema.safeParse(deliveryId).success) throw notFound("Delivery not found");
  const storage = getStorage();
  const doc = await storage.outbound.findDelivery(tenantId, deliveryId);
  if (!doc) throw notFound("Delivery not found");
  const endpoint = await storage.outbound.findEndpoint(tenantId, doc.endpointId);
  if (!endpoint) throw notFound("Delivery not found");
  const runtime = outboundRuntime();
  if (runtime?.redis.status !== "ready") throw new AppError("unavailable", "Outbound delivery is unavailable right now");
  const refusal = await queueRetry(runtime, doc, endpoint);
  if (refusal) throw new AppError("conflict", refusal);
  await logActivity(tenantId, {
    kind: "outbound.delivery.retried",
    actor,
    summary: `Delivery ${deliveryId} to ${endpoint.url} retried`,
    refs: { endpointId: endpoint.id, deliveryId },
  });
  return { deliveryId, queued: true };
}
