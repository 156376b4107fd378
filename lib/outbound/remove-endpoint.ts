import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { clearAlert } from "@/lib/alerts/clear-alert";
import { notFound } from "@/lib/errors";
import { announceOutboundChange } from "@/lib/outbound/announce-outbound-change";
import { forgetDeliveryConfig } from "@/lib/outbound/delivery-config";
import { forgetEndpoints } from "@/lib/outbound/endpoint-cache";
import { forgetStats } from "@/lib/outbound/endpoint-stats";
import { findEndpoint } from "@/lib/outbound/find-endpoint";
import { getStorage } from "@/lib/storage/registry";

/** Deletes an endpoint with its delivery log and stats; deliveries still queued for it are dropped when they come up. */
export async function removeEndpoint(tenantId: string, endpointId: string, actor: ActivityEntry["actor"]): Promise<void> {
  const endpoint = await findEndpoint(tenantId, endpointId);
  if (!(await getStorage().outbound.removeEndpoint(tenantId, endpoint.id))) throw notFound("Endpoint not found");
  forgetEndpoints(tenantId);
  forgetDeliveryConfig(tenantId, endpoint.id);
  announceOutboundChange(tenantId, endpoint.id, "outbound.endpoint.removed");
  await forgetStats(endpoint.id);
  await logActivity(tenantId, {
    kind: "outbound.endpoint.removed",
    actor,
    summary: `Outbound endpoint removed: ${endpoint.url}`,
    refs: { endpointId },
    before: { url: endpoint.url, eventTypes: endpoint.eventTypes },
  });
  for (const kind of ["endpoint-disabled", "endpoint-failing"] as const)
    await clearAlert(tenantId, { kind, subject: endpoint.id }, actor, "the endpoint was removed");
}
