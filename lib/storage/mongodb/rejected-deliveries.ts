import { type Db, ObjectId } from "mongodb";
import { queryShapes } from "@/lib/storage/mongodb/query-shapes";
import type { NewRejection, RejectedDeliveriesPort, RejectionRecord } from "@/lib/storage/ports/rejected-deliveries";

type Doc = NewRejection & { _id: ObjectId; tenantId: ObjectId | null; receivedAt: Date };

const toRecord = (doc: Doc): RejectionRecord => ({
  id: doc._id.toHexString(),
  tenantId: doc.tenantId ? doc.tenantId.toHexString() : null,
  kind: doc.kind ?? null,
  reason: doc.reason,
  status: doc.status,
  message: doc.message,
  headers: doc.headers ?? {},
  bodyExcerpt: doc.bodyExcerpt ?? "",
  bodyBytes: doc.bodyBytes ?? 0,
  receivedAt: doc.receivedAt,
});

const objectId = (id: string) => (ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id) ? new ObjectId(id) : null);

/** One `rejected_deliveries` collection for every tenant, read through `tenant_recent`. */
export function createMongoRejectedDeliveries(db: Db): RejectedDeliveriesPort {
  const collection = db.collection<Doc>(queryShapes["rejections.listRecent"].collection);
  return {
    async record(tenantId, rejection) {
      const doc: Doc = {
        _id: new ObjectId(),
        tenantId: tenantId ? objectId(tenantId) : null,
        receivedAt: new Date(),
        ...rejection,
      };
      await collection.insertOne(doc);
      return toRecord(doc);
    },
    async listRecent(tenantId, limit) {
      const tenant = objectId(tenantId);
      if (!tenant) return [];
      // rejections.listRecent
      const docs = await collection.find({ tenantId: tenant }).sort({ receivedAt: -1, _id: -1 }).limit(limit).toArray();
      return docs.map(toRecord);
    },
    async find(tenantId, id) {
      const tenant = objectId(tenantId);
      const _id = objectId(id);
      if (!tenant || !_id) return null;
      // rejections.find
      const doc = await collection.findOne({ _id, tenantId: tenant });
      return doc ? toRecord(doc) : null;
    },
  };
}
