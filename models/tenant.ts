import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

// Webhook and store settings of a tenant (SPEC §5). The tenant itself — name, members, roles — is a
// better-auth organization; this document shares its _id.
const tenantSchema = new Schema(
  {
    webhookEnabled: { type: Boolean, default: true },
    webhookEndpoints: {
      orders: { type: Boolean, default: true },
      notifications: { type: Boolean, default: true },
      payments: { type: Boolean, default: true },
    },
    webhookRetryAttempts: { type: Number, default: 3, min: 0, max: 10 },
    webhookTimeoutMs: { type: Number, default: 10_000, min: 1_000, max: 60_000 },
    // New tenants require signatures (SPEC §3).
    requireSignature: { type: Boolean, default: true },
    // AES-256-GCM sealed (lib/crypto/secret-box.ts); never returned by an API.
    webhookSecretSealed: { type: String, required: true },
    previousWebhookSecretSealed: { type: String, default: null },
    previousWebhookSecretExpiresAt: { type: Date, default: null },
    webhookSecretRotatedAt: { type: Date, default: null },
    // Settings → General: the store's IANA time zone and ISO 4217 currency (null: not chosen).
    timeZone: { type: String, default: null },
    currency: { type: String, default: null },
  },
  { timestamps: true, collection: "tenants" },
);
// No secondary index: every query addresses a tenant by its _id.

export type TenantFields = InferSchemaType<typeof tenantSchema>;
type TenantModel = Model<TenantFields>;

export const Tenant: TenantModel =
  (mongoose.models.Tenant as TenantModel | undefined) ?? mongoose.model<TenantFields>("Tenant", tenantSchema);
