import { processCache } from "@/lib/cache/process-cache";
import { getEnv } from "@/lib/env";
import { OutboundEndpoint } from "@/models/outbound-endpoint";

// Every accepted inbound event asks "which of this tenant's endpoints want it?". The answer is
// kept per process for WEBHOOK_CONFIG_CACHE_MS, so a tenant without endpoints costs one map
// look-up per event; changes made here forget it at once, another process's within the TTL.

export type RoutedEndpoint = {
  id: string;
  eventTypes: string[];
  batch: { maxEvents: number; maxWaitMs: number } | null;
};

const cache = processCache<RoutedEndpoint[]>("outboundEndpoints");

/** The tenant's enabled endpoints; synchronous (null) only when the answer is not cached. */
export function cachedEndpoints(tenantId: string): RoutedEndpoint[] | null {
  return cache.get(tenantId) ?? null;
}

export async function loadEndpoints(tenantId: string): Promise<RoutedEndpoint[]> {
  return (await cache.load(tenantId, getEnv().WEBHOOK_CONFIG_CACHE_MS, () => readEndpoints(tenantId))) ?? [];
}

async function readEndpoints(tenantId: string): Promise<RoutedEndpoint[]> {
  const docs = await OutboundEndpoint.find(
    { tenantId, enabled: true },
    { eventTypes: 1, batchMaxEvents: 1, batchMaxWaitMs: 1 },
  ).lean();
  return docs.map((doc) => ({
    id: String(doc._id),
    eventTypes: doc.eventTypes,
    batch: doc.batchMaxEvents && doc.batchMaxWaitMs ? { maxEvents: doc.batchMaxEvents, maxWaitMs: doc.batchMaxWaitMs } : null,
  }));
}

/** After any change to a tenant's endpoints. */
export function forgetEndpoints(tenantId: string): void {
  cache.delete(tenantId);
}
