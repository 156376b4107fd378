import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { AppError, notFound } from "@/lib/errors";
import { findEndpoint } from "@/lib/outbound/find-endpoint";
import { outboundRuntime } from "@/lib/outbound/outbound-runtime";
import { deliveryIdSchema } from "@/lib/outbound/schemas";
import { getStorage } from "@/lib/storage/registry";

/** Queues one more attempt of a delivery (same webhook-id, same body); its outcome joins the delivery's attempts. */
export async function retryOutboundDelivery(
  tenantId: string,
  deliveryId: string,
  actor: ActivityEntry["actor"],
): Promise<{ deliveryId: string; queued: true }> {
  if (!deliveryIdSchema.safeParse(deliveryId).success) throw notFound("Delivery not found");
  const doc = await getStorage().outbound.findDelivery(tenantId, deliveryId);
  if (!doc) throw notFound("Delivery not found");
  const endpointId = doc.endpointId;
  const endpoint = await findEndpoint(tenantId, endpointId).catch(() => {
    throw notFound("Delivery not found");
  });
  if (doc.status === "pending") throw new AppError("conflict", "This delivery is still being attempted");
  if (typeof doc.body !== "string")
    throw new AppError("conflict", "This delivery's body was too large to keep, so it cannot be retried");
  if (!endpoint.enabled) throw new AppError("conflict", "The endpoint is disabled: enable it before retrying");
  const runtime = outboundRuntime();
  if (runtime?.redis.status !== "ready") throw new AppError("unavailable", "Outbound delivery is unavailable right now");
  await runtime.queue.add(
    "retry",
    {
      kind: "deliver",
      tenantId,
      endpointId,
      deliveryId,
      body: doc.body,
      eventIds: doc.eventIds,
      eventTypes: doc.eventTypes,
    },
    { attempts: 1, removeOnComplete: true, removeOnFail: true },
  );
  await logActivity(tenantId, {
    kind: "outbound.delivery.retried",
    actor,
    summary: `Delivery ${deliveryId} to ${endpoint.url} retried`,
    refs: { endpointId, deliveryId },
  });
  return { deliveryId, queued: true };
}
