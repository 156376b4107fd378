import { openSecret, sealSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { getStorage } from "@/lib/storage/registry";
import { generateWebhookSecret } from "@/lib/tenants/generate-webhook-secret";
import { forgetWebhookConfig } from "@/lib/webhooks/ingest/forget-webhook-config";

/**
 * Replaces the tenant's signing secret. The previous one stays valid for `graceMs` so
 * platforms can switch over without dropping deliveries.
 */
export async function rotateWebhookSecret(
  tenantId: string,
  options: { graceMs?: number } = {},
): Promise<{ webhookSecret: string; previousSecretValidUntil: Date }> {
  const appSecret = getEnv().APP_SECRET;
  const current = await getStorage().tenantSettings.get(tenantId);
  if (!current) throw notFound("Tenant not found");

  const webhookSecret = generateWebhookSecret();
  const now = new Date();
  const previousSecretValidUntil = new Date(now.getTime() + (options.graceMs ?? getEnv().WEBHOOK_SECRET_GRACE_S * 1000));
  // Re-sealing the old value proves it still decrypts before it becomes the fallback.
  const previous = openSecret(current.webhookSecretSealed, appSecret, tenantId);

  // Conditional on the secret we read, so two concurrent rotations cannot both "win".
  const rotated = await getStorage().tenantSettings.rotateSecret(tenantId, current.webhookSecretSealed, {
    webhookSecretSealed: sealSecret(webhookSecret, appSecret, tenantId),
    previousWebhookSecretSealed: sealSecret(previous, appSecret, tenantId),
    previousWebhookSecretExpiresAt: previousSecretValidUntil,
    webhookSecretRotatedAt: now,
  });
  if (!rotated) return rotateWebhookSecret(tenantId, options);
  forgetWebhookConfig(tenantId);
  return { webhookSecret, previousSecretValidUntil };
}
