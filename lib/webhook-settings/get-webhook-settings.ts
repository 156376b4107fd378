import { getEnv } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { getStorage } from "@/lib/storage/registry";
import type { WebhookSettings } from "@/lib/webhook-settings/schemas";
import { webhookKinds } from "@/lib/webhooks/schemas";

export type WebhookSettingsView = WebhookSettings & {
  requireSignature: boolean;
  /** Never the secret itself: when it was last rotated, and until when the previous one still verifies. */
  secret: { rotatedAt: string | null; previousValidUntil: string | null };
  /** The tenant-scoped URLs platforms should post to. */
  urls: Record<(typeof webhookKinds)[number], string>;
};

export async function getWebhookSettings(tenantId: string): Promise<WebhookSettingsView> {
  const tenant = await getStorage().tenantSettings.get(tenantId);
  if (!tenant) throw notFound("Tenant not found");
  const base = getEnv().BASE_URL.replace(/\/$/, "");
  const previousValidUntil =
    tenant.previousWebhookSecretExpiresAt && tenant.previousWebhookSecretExpiresAt > new Date()
      ? tenant.previousWebhookSecretExpiresAt.toISOString()
      : null;
  return {
    webhookEnabled: tenant.webhookEnabled,
    webhookEndpoints: tenant.webhookEndpoints,
    webhookRetryAttempts: tenant.webhookRetryAttempts,
    webhookTimeoutMs: tenant.webhookTimeoutMs,
    requireSignature: tenant.requireSignature,
    secret: { rotatedAt: tenant.webhookSecretRotatedAt?.toISOString() ?? null, previousValidUntil },
    urls: Object.fromEntries(
      webhookKinds.map((kind) => [kind, `${base}/api/webhooks/${tenantId}/${kind}`]),
    ) as WebhookSettingsView["urls"],
  };
}
