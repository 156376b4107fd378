import type { Db, ObjectId } from "mongodb";
import type { NotificationPreferences } from "@/lib/notifications/schemas";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import type { MemberPreferencesPort } from "@/lib/storage/ports/member-preferences";

type Doc = { _id: string; tenantId: ObjectId; userId: string; notifications: NotificationPreferences; updatedAt: Date };

/**
 * Both adapters: one `member_preferences` document per member and tenant, `_id`
 * "<tenantId>:<userId>" (models/member-preferences.ts), read and replaced by `_id` and tenant — the
 * look-up FerretDB answers without a scan. The embedded adapter passes its single writer as `serialize`.
 */
export function createMemberPreferences(
  db: Db,
  serialize: <T>(write: () => Promise<T>) => Promise<T> = (write) => write(),
): MemberPreferencesPort {
  const collection = db.collection<Doc>("member_preferences");
  return {
    async find(tenantId, userId) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return null;
      const doc = await collection.findOne({ _id: `${tenantId}:${userId}`, tenantId: tenant });
      return doc?.notifications ?? null;
    },
    async save(tenantId, userId, notifications) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) throw new Error(`not a tenant id: ${tenantId}`);
      await serialize(() =>
        collection.replaceOne(
          { _id: `${tenantId}:${userId}`, tenantId: tenant },
          { tenantId: tenant, userId, notifications, updatedAt: new Date() },
          { upsert: true },
        ),
      );
    },
  };
}
