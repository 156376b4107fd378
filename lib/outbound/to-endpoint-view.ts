import { openEndpointHeaders } from "@/lib/outbound/open-endpoint-headers";
import type { EndpointStats, EndpointView } from "@/lib/outbound/schemas";
import type { OutboundEndpointFields } from "@/models/outbound-endpoint";

type StoredEndpoint = OutboundEndpointFields & { _id: unknown; createdAt: Date; updatedAt: Date };

/** What the API shows of an endpoint: never its secret. */
export function toEndpointView(doc: StoredEndpoint, stats: EndpointStats | null): EndpointView {
  return {
    id: String(doc._id),
    url: doc.url,
    description: doc.description ?? "",
    eventTypes: doc.eventTypes,
    headers: openEndpointHeaders(doc),
    enabled: doc.enabled,
    disabledReason: (doc.disabledReason ?? null) as EndpointView["disabledReason"],
    disabledAt: doc.disabledAt ? doc.disabledAt.toISOString() : null,
    batch: doc.batchMaxEvents && doc.batchMaxWaitMs ? { maxEvents: doc.batchMaxEvents, maxWaitMs: doc.batchMaxWaitMs } : null,
    secretRotatedAt: doc.secretRotatedAt ? doc.secretRotatedAt.toISOString() : null,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
    stats,
  };
}
