import { processCache } from "@/lib/cache/process-cache";
import type { WebhookKind } from "@/lib/webhooks/schemas";

// Every inbound request needs its tenant's settings and secrets; on the embedded database that
// look-up is a round trip costing as much as the insert the request exists for. So they are kept
// for WEBHOOK_CONFIG_CACHE_MS. Changes made in this process (secret rotation, settings) forget
// the entry at once; the handler re-reads before refusing on a cached entry; a change made by
// another process (the CLI, a second server) can only widen acceptance for at most the TTL.

export type CachedWebhookConfig = {
  webhookEnabled: boolean;
  endpoints: Record<WebhookKind, boolean>;
  requireSignature: boolean;
  /** The store's currency, for orders that state none (null: USD). */
  currency: string | null;
  /** Decrypted once per load, not per request. */
  currentSecret: string;
  previousSecret: { value: string; expiresAt: Date } | null;
};

export const webhookConfigCache = processCache<CachedWebhookConfig>("webhookConfig");
