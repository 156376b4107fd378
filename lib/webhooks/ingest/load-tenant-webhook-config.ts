import { Types } from "mongoose";
import { openSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import type { WebhookKind } from "@/lib/webhooks/schemas";
import type { CandidateSecret } from "@/lib/webhooks/signatures/verify-signature";
import { Tenant } from "@/models/tenant";

export type TenantWebhookConfig = {
  tenantId: string;
  webhookEnabled: boolean;
  endpoints: Record<WebhookKind, boolean>;
  requireSignature: boolean;
  secrets: CandidateSecret[];
};

/** The tenant's inbound settings and the secrets valid right now (current, previous within grace, global fallback). */
export async function loadTenantWebhookConfig(tenantId: string, now = new Date()): Promise<TenantWebhookConfig | null> {
  if (!Types.ObjectId.isValid(tenantId)) return null;
  const tenant = await Tenant.findById(tenantId).lean();
  if (!tenant) return null;
  const env = getEnv();
  const secrets: CandidateSecret[] = [
    { label: "current", value: openSecret(tenant.webhookSecretSealed, env.APP_SECRET, tenantId) },
  ];
  if (
    tenant.previousWebhookSecretSealed &&
    tenant.previousWebhookSecretExpiresAt &&
    tenant.previousWebhookSecretExpiresAt > now
  ) {
    secrets.push({ label: "previous", value: openSecret(tenant.previousWebhookSecretSealed, env.APP_SECRET, tenantId) });
  }
  if (env.WEBHOOK_SECRET) secrets.push({ label: "global", value: env.WEBHOOK_SECRET });
  return {
    tenantId,
    webhookEnabled: tenant.webhookEnabled,
    endpoints: {
      orders: tenant.webhookEndpoints?.orders ?? true,
      payments: tenant.webhookEndpoints?.payments ?? true,
      notifications: tenant.webhookEndpoints?.notifications ?? true,
    },
    requireSignature: tenant.requireSignature,
    secrets,
  };
}
