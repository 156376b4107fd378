import { openSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import { isId } from "@/lib/storage/ids";
import { getStorage } from "@/lib/storage/registry";
import { type CachedWebhookConfig, webhookConfigCache } from "@/lib/webhooks/ingest/webhook-config-cache";
import type { WebhookKind } from "@/lib/webhooks/schemas";
import type { CandidateSecret } from "@/lib/webhooks/signatures/verify-signature";

export type TenantWebhookConfig = {
  tenantId: string;
  webhookEnabled: boolean;
  endpoints: Record<WebhookKind, boolean>;
  requireSignature: boolean;
  /** The store's currency, for orders that state none (null: USD). */
  currency: string | null;
  secrets: CandidateSecret[];
  /** Served from the cache: a refusal based on it should be confirmed with `fresh: true`. */
  cached: boolean;
};

/**
 * The tenant's inbound settings and the secrets valid right now (current, previous within grace,
 * global fallback). Served from a short-lived cache unless `fresh` (see webhook-config-cache.ts);
 * the grace period is always judged against the current time.
 */
export async function loadTenantWebhookConfig(
  tenantId: string,
  options: { fresh?: boolean; now?: Date } = {},
): Promise<TenantWebhookConfig | null> {
  if (!isId(tenantId)) return null;
  const env = getEnv();
  const now = options.now ?? new Date();
  // A load already in flight may have read the settings before a change: count it as cached, so
  // that a refusal based on it is confirmed with a fresh read.
  const cached = !options.fresh && (webhookConfigCache.get(tenantId) !== undefined || webhookConfigCache.isLoading(tenantId));
  if (options.fresh) webhookConfigCache.delete(tenantId);
  const config = await webhookConfigCache.load(tenantId, env.WEBHOOK_CONFIG_CACHE_MS, () => readConfig(tenantId, env.APP_SECRET));
  if (!config) return null;
  const secrets: CandidateSecret[] = [{ label: "current", value: config.currentSecret }];
  if (config.previousSecret && config.previousSecret.expiresAt > now) {
    secrets.push({ label: "previous", value: config.previousSecret.value });
  }
  if (env.WEBHOOK_SECRET) secrets.push({ label: "global", value: env.WEBHOOK_SECRET });
  return {
    tenantId,
    webhookEnabled: config.webhookEnabled,
    endpoints: config.endpoints,
    requireSignature: config.requireSignature,
    currency: config.currency,
    secrets,
    cached,
  };
}

async function readConfig(tenantId: string, appSecret: string): Promise<CachedWebhookConfig | undefined> {
  const tenant = await getStorage().tenantSettings.get(tenantId);
  if (!tenant) return undefined;
  const previous =
    tenant.previousWebhookSecretSealed && tenant.previousWebhookSecretExpiresAt
      ? {
          value: openSecret(tenant.previousWebhookSecretSealed, appSecret, tenantId),
          expiresAt: new Date(tenant.previousWebhookSecretExpiresAt),
        }
      : null;
  return {
    webhookEnabled: tenant.webhookEnabled,
    endpoints: tenant.webhookEndpoints,
    requireSignature: tenant.requireSignature,
    currency: tenant.currency,
    currentSecret: openSecret(tenant.webhookSecretSealed, appSecret, tenantId),
    previousSecret: previous,
  };
}
