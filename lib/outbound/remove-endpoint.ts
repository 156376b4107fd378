import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { announceOutboundChange } from "@/lib/outbound/announce-outbound-change";
import { forgetDeliveryConfig } from "@/lib/outbound/delivery-config";
import { forgetEndpoints } from "@/lib/outbound/endpoint-cache";
import { forgetStats } from "@/lib/outbound/endpoint-stats";
import { findEndpoint } from "@/lib/outbound/find-endpoint";
import { dropDeliveryWindowsBefore, OutboundEndpoint } from "@/models/outbound-endpoint";

/** Deletes an endpoint with its delivery log and stats; deliveries still queued for it are dropped when they come up. */
export async function removeEndpoint(tenantId: string, endpointId: string, actor: ActivityEntry["actor"]): Promise<void> {
  const endpoint = await findEndpoint(tenantId, endpointId);
  await OutboundEndpoint.deleteOne({ _id: endpointId });
  forgetEndpoints(tenantId);
  forgetDeliveryConfig(endpointId);
  announceOutboundChange(tenantId, endpointId, "outbound.endpoint.removed");
  await dropDeliveryWindowsBefore(endpointId, Number.POSITIVE_INFINITY);
  await forgetStats(endpointId);
  await logActivity(tenantId, {
    kind: "outbound.endpoint.removed",
    actor,
    summary: `Outbound endpoint removed: ${endpoint.url}`,
    refs: { endpointId },
    before: { url: endpoint.url, eventTypes: endpoint.eventTypes },
  });
}
