import type { Db, ObjectId } from "mongodb";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { isDuplicateKey } from "@/lib/storage/errors";
import type { TenantSettingsPort, TenantSettingsRecord } from "@/lib/storage/ports/tenant-settings";

type Doc = Omit<TenantSettingsRecord, "tenantId" | "webhookEndpoints" | "timeZone" | "currency"> & {
  timeZone?: string | null;
  currency?: string | null;
  _id: ObjectId;
  webhookEndpoints?: Partial<TenantSettingsRecord["webhookEndpoints"]>;
  createdAt: Date;
  updatedAt: Date;
};

const toRecord = (doc: Doc): TenantSettingsRecord => ({
  tenantId: doc._id.toHexString(),
  webhookEnabled: doc.webhookEnabled ?? true,
  webhookEndpoints: {
    orders: doc.webhookEndpoints?.orders ?? true,
    payments: doc.webhookEndpoints?.payments ?? true,
    notifications: doc.webhookEndpoints?.notifications ?? true,
  },
  webhookRetryAttempts: doc.webhookRetryAttempts ?? 3,
  webhookTimeoutMs: doc.webhookTimeoutMs ?? 10_000,
  requireSignature: doc.requireSignature ?? true,
  webhookSecretSealed: doc.webhookSecretSealed,
  previousWebhookSecretSealed: doc.previousWebhookSecretSealed ?? null,
  previousWebhookSecretExpiresAt: doc.previousWebhookSecretExpiresAt ?? null,
  webhookSecretRotatedAt: doc.webhookSecretRotatedAt ?? null,
  timeZone: doc.timeZone ?? null,
  currency: doc.currency ?? null,
});

/**
 * Both adapters: one `tenants` document per tenant, addressed by `_id` alone — the look-up
 * FerretDB answers without a scan and MongoDB through its primary key. The rotation's
 * compare-and-set is a single conditional update: atomic on MongoDB; FerretDB v1 reads and then
 * writes, so the embedded adapter (one server process by design) passes `serialize`, its single
 * writer, and no other write of the process runs between the two.
 */
export function createTenantSettings(
  db: Db,
  serialize: <T>(write: () => Promise<T>) => Promise<T> = (write) => write(),
): TenantSettingsPort {
  const tenants = db.collection<Doc>("tenants");
  return {
    async create(tenantId, webhookSecretSealed) {
      const _id = objectIdOf(tenantId);
      if (!_id) return false;
      const now = new Date();
      try {
        await tenants.insertOne({
          _id,
          webhookEnabled: true,
          webhookEndpoints: { orders: true, notifications: true, payments: true },
          webhookRetryAttempts: 3,
          webhookTimeoutMs: 10_000,
          // New tenants require signatures (SPEC §3).
          requireSignature: true,
          webhookSecretSealed,
          previousWebhookSecretSealed: null,
          previousWebhookSecretExpiresAt: null,
          webhookSecretRotatedAt: null,
          createdAt: now,
          updatedAt: now,
        });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async get(tenantId) {
      const _id = objectIdOf(tenantId);
      const doc = _id ? await tenants.findOne({ _id }) : null;
      return doc ? toRecord(doc) : null;
    },
    async update(tenantId, change) {
      const _id = objectIdOf(tenantId);
      if (!_id) return false;
      // Dotted paths, so one endpoint toggle leaves the others as they are.
      const set: Record<string, unknown> = { updatedAt: new Date() };
      for (const [key, value] of Object.entries(change)) {
        if (key === "webhookEndpoints") {
          for (const [kind, on] of Object.entries(value as Record<string, boolean | undefined>)) {
            if (on !== undefined) set[`webhookEndpoints.${kind}`] = on;
          }
        } else if (value !== undefined) set[key] = value;
      }
      const result = await tenants.updateOne({ _id }, { $set: set });
      return result.matchedCount === 1;
    },
    async rotateSecret(tenantId, expectedSealed, rotation) {
      const _id = objectIdOf(tenantId);
      if (!_id) return false;
      const result = await serialize(() =>
        tenants.updateOne({ _id, webhookSecretSealed: expectedSealed }, { $set: { ...rotation, updatedAt: new Date() } }),
      );
      return result.matchedCount === 1;
    },
  };
}
