import { readStats } from "@/lib/outbound/endpoint-stats";
import type { EndpointView } from "@/lib/outbound/schemas";
import { toEndpointView } from "@/lib/outbound/to-endpoint-view";
import { OutboundEndpoint } from "@/models/outbound-endpoint";

/** The tenant's endpoints, oldest first, each with its stats. */
export async function listEndpoints(tenantId: string): Promise<EndpointView[]> {
  const docs = await OutboundEndpoint.find({ tenantId }).sort({ createdAt: 1 }).lean();
  const stats = await readStats(docs.map((doc) => String(doc._id)));
  return docs.map((doc) => toEndpointView(doc, stats?.get(String(doc._id)) ?? null));
}
