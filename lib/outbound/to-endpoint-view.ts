import { openEndpointHeaders } from "@/lib/outbound/open-endpoint-headers";
import type { EndpointStats, EndpointView } from "@/lib/outbound/schemas";
import type { OutboundEndpointRecord } from "@/lib/storage/ports/outbound";

/** What the API shows of an endpoint: never its secret. */
export function toEndpointView(endpoint: OutboundEndpointRecord, stats: EndpointStats | null): EndpointView {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    headers: openEndpointHeaders(endpoint),
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    disabledAt: endpoint.disabledAt ? endpoint.disabledAt.toISOString() : null,
    batch: endpoint.batch,
    secretRotatedAt: endpoint.secretRotatedAt ? endpoint.secretRotatedAt.toISOString() : null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
    stats,
  };
}
