import { processCache } from "@/lib/cache/process-cache";
import { openSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import { openEndpointHeaders } from "@/lib/outbound/open-endpoint-headers";
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

// `null` is cached too: an endpoint that was removed.
const cache = processCache<DeliveryConfig | null>("deliveryConfig");

/** Null when the endpoint (or its tenant) no longer exists. */
export async function deliveryConfig(endpointId: string): Promise<DeliveryConfig | null> {
  return (await cache.load(endpointId, getEnv().WEBHOOK_CONFIG_CACHE_MS, () => readDeliveryConfig(endpointId))) ?? null;
}

async function readDeliveryConfig(endpointId: string): Promise<DeliveryConfig | null> {
  const endpoint = await OutboundEndpoint.findById(endpointId).lean();
  const tenant = endpoint
    ? await Tenant.findById(endpoint.tenantId, { webhookRetryAttempts: 1, webhookTimeoutMs: 1 }).lean()
    : null;
  return endpoint && tenant
    ? {
        tenantId: String(endpoint.tenantId),
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
export function forgetDeliveryConfig(endpointId: string): void {
  cache.delete(endpointId);
}
