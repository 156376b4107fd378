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
type Entry = { endpoints: RoutedEndpoint[]; expiresAt: number };

const MAX_ENTRIES = 10_000;
const globalForCache = globalThis as unknown as { __pulseboardOutboundEndpoints?: Map<string, Entry> };
globalForCache.__pulseboardOutboundEndpoints ??= new Map();
const cache = globalForCache.__pulseboardOutboundEndpoints;

/** The tenant's enabled endpoints; synchronous (null) only when the answer is not cached. */
export function cachedEndpoints(tenantId: string): RoutedEndpoint[] | null {
  const entry = cache.get(tenantId);
  return entry && entry.expiresAt > Date.now() ? entry.endpoints : null;
}

export async function loadEndpoints(tenantId: string): Promise<RoutedEndpoint[]> {
  const docs = await OutboundEndpoint.find(
    { tenantId, enabled: true },
    { eventTypes: 1, batchMaxEvents: 1, batchMaxWaitMs: 1 },
  ).lean();
  const endpoints = docs.map((doc) => ({
    id: String(doc._id),
    eventTypes: doc.eventTypes,
    batch: doc.batchMaxEvents && doc.batchMaxWaitMs ? { maxEvents: doc.batchMaxEvents, maxWaitMs: doc.batchMaxWaitMs } : null,
  }));
  if (cache.size >= MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(tenantId, { endpoints, expiresAt: Date.now() + getEnv().WEBHOOK_CONFIG_CACHE_MS });
  return endpoints;
}

/** After any change to a tenant's endpoints. */
export function forgetEndpoints(tenantId: string): void {
  cache.delete(tenantId);
}
