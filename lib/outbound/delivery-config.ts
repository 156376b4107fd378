import { processCache } from "@/lib/cache/process-cache";
import { openSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import { openEndpointHeaders } from "@/lib/outbound/open-endpoint-headers";
import { getStorage } from "@/lib/storage/registry";

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

// `null` is cached too: an endpoint that was removed.
const cache = processCache<DeliveryConfig | null>("deliveryConfig");

// Keyed by tenant and endpoint: a job names both, and another tenant's endpoint is not found.
const keyOf = (tenantId: string, endpointId: string) => `${tenantId}:${endpointId}`;

/** Null when the endpoint (or its tenant) no longer exists, or is not the tenant's. */
export async function deliveryConfig(tenantId: string, endpointId: string): Promise<DeliveryConfig | null> {
  return (
    (await cache.load(keyOf(tenantId, endpointId), getEnv().WEBHOOK_CONFIG_CACHE_MS, () =>
      readDeliveryConfig(tenantId, endpointId),
    )) ?? null
  );
}

async function readDeliveryConfig(tenantId: string, endpointId: string): Promise<DeliveryConfig | null> {
  const storage = getStorage();
  const endpoint = await storage.outbound.findEndpoint(tenantId, endpointId);
  const tenant = endpoint ? await storage.tenantSettings.get(tenantId) : null;
  return endpoint && tenant
    ? {
        tenantId: endpoint.tenantId,
        url: endpoint.url,
        enabled: endpoint.enabled,
        disabledReason: endpoint.disabledReason ?? null,
        headers: openEndpointHeaders(endpoint),
        secret: openSecret(endpoint.secretSealed, getEnv().APP_SECRET, endpointId),
        timeoutMs: tenant.webhookTimeoutMs,
        retryAttempts: tenant.webhookRetryAttempts,
      }
    : null;
}

/** After any change to the endpoint (or its secret) in this process. */
export function forgetDeliveryConfig(tenantId: string, endpointId: string): void {
  cache.delete(keyOf(tenantId, endpointId));
}
