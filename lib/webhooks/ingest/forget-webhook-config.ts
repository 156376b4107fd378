import { webhookConfigCache } from "@/lib/webhooks/ingest/webhook-config-cache";

/** Call after changing a tenant's webhook settings or secrets: the next request reads them afresh. */
export function forgetWebhookConfig(tenantId: string): void {
  webhookConfigCache.delete(tenantId);
}
