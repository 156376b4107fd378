import type { Document } from "mongodb";
import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { AppError, notFound } from "@/lib/errors";
import { findEndpoint } from "@/lib/outbound/find-endpoint";
import { outboundRuntime } from "@/lib/outbound/outbound-runtime";
import { deliveryIdSchema } from "@/lib/outbound/schemas";
import { deliveryWindowGenerations, outboundDeliveriesCollection } from "@/models/outbound-endpoint";

/** Queues one more attempt of a delivery (same webhook-id, same body); its outcome joins the delivery's attempts. */
export async function retryOutboundDelivery(
  tenantId: string,
  deliveryId: string,
  actor: ActivityEntry["actor"],
): Promise<{ deliveryId: string; queued: true }> {
  if (!deliveryIdSchema.safeParse(deliveryId).success) throw notFound("Delivery not found");
  const endpointId = deliveryId.slice(4, 28);
  const endpoint = await findEndpoint(tenantId, endpointId).catch(() => {
    throw notFound("Delivery not found");
  });
  let doc: Document | null = null;
  for (const generation of (await deliveryWindowGenerations(endpointId)).slice(0, 2)) {
    doc ??= await outboundDeliveriesCollection(endpointId, generation).findOne({ _id: deliveryId as never });
  }
  if (!doc || String(doc.tenantId) !== tenantId) throw notFound("Delivery not found");
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
      eventIds: doc.eventIds as string[],
      eventTypes: doc.eventTypes as string[],
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
