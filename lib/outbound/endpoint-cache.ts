import { processCache } from "@/lib/cache/process-cache";
import { getEnv } from "@/lib/env";
import { getStorage } from "@/lib/storage/registry";

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
  // A tenant has a handful: the enabled ones are picked here, so one query (and index) serves every list.
  const endpoints = await getStorage().outbound.listEndpoints(tenantId);
  return endpoints
    .filter((endpoint) => endpoint.enabled)
    .map((endpoint) => ({ id: endpoint.id, eventTypes: endpoint.eventTypes, batch: endpoint.batch }));
}

/** After any change to a tenant's endpoints. */
export function forgetEndpoints(tenantId: string): void {
  cache.delete(tenantId);
}
