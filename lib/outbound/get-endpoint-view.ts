import { readStats } from "@/lib/outbound/endpoint-stats";
import { findEndpoint } from "@/lib/outbound/find-endpoint";
import { hideHeaderValues } from "@/lib/outbound/hide-header-values";
import type { EndpointView } from "@/lib/outbound/schemas";
import { toEndpointView } from "@/lib/outbound/to-endpoint-view";

/**
 * One endpoint of the tenant with its stats, as the API and its settings page show it; header
 * values only to those who may change them (they often carry credentials). 404 when not the tenant's.
 */
export async function getEndpointView(
  tenantId: string,
  endpointId: string,
  options: { showHeaderValues: boolean },
): Promise<EndpointView> {
  const doc = await findEndpoint(tenantId, endpointId);
  const stats = await readStats([endpointId]);
  const endpoint = toEndpointView(doc, stats?.get(endpointId) ?? null);
  return options.showHeaderValues ? endpoint : hideHeaderValues(endpoint);
}
