import { readStats } from "@/lib/outbound/endpoint-stats";
import type { EndpointView } from "@/lib/outbound/schemas";
import { toEndpointView } from "@/lib/outbound/to-endpoint-view";
import { getStorage } from "@/lib/storage/registry";

/** The tenant's endpoints, oldest first, each with its stats. */
export async function listEndpoints(tenantId: string): Promise<EndpointView[]> {
  const endpoints = await getStorage().outbound.listEndpoints(tenantId);
  const stats = await readStats(endpoints.map((endpoint) => endpoint.id));
  return endpoints.map((endpoint) => toEndpointView(endpoint, stats?.get(endpoint.id) ?? null));
}
