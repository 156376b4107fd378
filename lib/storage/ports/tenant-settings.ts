import type { WebhookKind } from "@/lib/webhooks/schemas";

// A tenant's webhook settings and sealed signing secrets (SPEC §3, §5). The tenant itself — name,
// members, roles — is a better-auth organization with the same id.

export type TenantSettingsRecord = {
  tenantId: string;
  webhookEnabled: boolean;
  /** Which inbound endpoints accept deliveries; a tenant stored before a toggle existed accepts it. */
  webhookEndpoints: Record<WebhookKind, boolean>;
  webhookRetryAttempts: number;
  webhookTimeoutMs: number;
  requireSignature: boolean;
  /** AES-256-GCM sealed (lib/crypto/secret-box.ts); never returned by an API. */
  webhookSecretSealed: string;
  previousWebhookSecretSealed: string | null;
  previousWebhookSecretExpiresAt: Date | null;
  webhookSecretRotatedAt: Date | null;
  /** The store's IANA time zone: "today" and daily buckets follow it; null = each viewer's own. */
  timeZone: string | null;
  /** The store's ISO 4217 currency: orders that state none are in it; null = USD (SPEC §3's default). */
  currency: string | null;
};

export type TenantSettingsChange = Partial<
  Pick<TenantSettingsRecord, "webhookEnabled" | "webhookRetryAttempts" | "webhookTimeoutMs" | "timeZone" | "currency"> & {
    webhookEndpoints: Partial<Record<WebhookKind, boolean>>;
  }
>;

export type SecretRotation = Pick<
  TenantSettingsRecord,
  "webhookSecretSealed" | "previousWebhookSecretSealed" | "previousWebhookSecretExpiresAt" | "webhookSecretRotatedAt"
>;

export interface TenantSettingsPort {
  /** A new tenant's settings, with the defaults of SPEC §5; false when the tenant already has them. */
  create(tenantId: string, webhookSecretSealed: string): Promise<boolean>;
  get(tenantId: string): Promise<TenantSettingsRecord | null>;
  /** Applies the given fields only; false for an unknown tenant. */
  update(tenantId: string, change: TenantSettingsChange): Promise<boolean>;
  /** Compare-and-set: replaces the secrets only while the current one is still `expectedSealed`. */
  rotateSecret(tenantId: string, expectedSealed: string, rotation: SecretRotation): Promise<boolean>;
}
