import { openSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import { OutboundEndpoint } from "@/models/outbound-endpoint";
import { Tenant } from "@/models/tenant";

// What an attempt needs to know about its endpoint and tenant, kept per process for
// WEBHOOK_CONFIG_CACHE_MS: reading both documents per attempt cost more than the attempt's own
// log write (docs/benchmarks.md). Changes made in this process forget the entry at once; another
// process's (the CLI, a second server) apply within the TTL.

export type DeliveryConfig = {
  tenantId: string;
  url: string;
  enabled: boolean;
  disabledReason: string | null;
  headers: Record<string, string>;
  /** Decrypted once per load. */
  secret: string;
  timeoutMs: number;
  retryAttempts: number;
};
type Entry = { config: DeliveryConfig | null; expiresAt: number };

const MAX_ENTRIES = 10_000;
const globalForCache = globalThis as unknown as { __pulseboardDeliveryConfig?: Map<string, Entry> };
globalForCache.__pulseboardDeliveryConfig ??= new Map();
const cache = globalForCache.__pulseboardDeliveryConfig;

/** Null when the endpoint (or its tenant) no longer exists. */
export async function deliveryConfig(endpointId: string): Promise<DeliveryConfig | null> {
  const cached = cache.get(endpointId);
  if (cached && cached.expiresAt > Date.now()) return cached.config;
  const endpoint = await OutboundEndpoint.findById(endpointId).lean();
  const tenant = endpoint
    ? await Tenant.findById(endpoint.tenantId, { webhookRetryAttempts: 1, webhookTimeoutMs: 1 }).lean()
    : null;
  const config =
    endpoint && tenant
      ? {
          tenantId: String(endpoint.tenantId),
          url: endpoint.url,
          enabled: endpoint.enabled,
          disabledReason: endpoint.disabledReason ?? null,
          headers: (endpoint.headers ?? {}) as Record<string, string>,
          secret: openSecret(endpoint.secretSealed, getEnv().APP_SECRET, endpointId),
          timeoutMs: tenant.webhookTimeoutMs,
          retryAttempts: tenant.webhookRetryAttempts,
        }
      : null;
  if (cache.size >= MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(endpointId, { config, expiresAt: Date.now() + getEnv().WEBHOOK_CONFIG_CACHE_MS });
  return config;
}

/** After any change to the endpoint (or its secret) in this process. */
export function forgetDeliveryConfig(endpointId: string): void {
  cache.delete(endpointId);
}
