import { type Db, ObjectId } from "mongodb";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { type RejectionDocument, toRejectionRecord, toReplayableRejection } from "@/lib/storage/common/rejection-document";
import { queryShapes } from "@/lib/storage/mongodb/query-shapes";
import type { RejectedDeliveriesPort } from "@/lib/storage/ports/rejected-deliveries";

type Doc = RejectionDocument;

const toRecord = toRejectionRecord;

/** One `rejected_deliveries` collection for every tenant, read through `tenant_recent`. */
export function createMongoRejectedDeliveries(db: Db): RejectedDeliveriesPort {
  const collection = db.collection<Doc>(queryShapes["rejections.listRecent"].collection);
  return {
    async record(tenantId, rejection) {
      const doc: Doc = {
        _id: new ObjectId(),
        tenantId: tenantId ? objectIdOf(tenantId) : null,
        receivedAt: new Date(),
        ...rejection,
      };
      await collection.insertOne(doc);
      return toRecord(doc);
    },
    async listRecent(tenantId, limit) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return [];
      // rejections.listRecent
      const docs = await collection
        .find({ tenantId: tenant }, { projection: { rawBody: 0 } })
        .sort({ receivedAt: -1, _id: -1 })
        .limit(limit)
        .toArray();
      return docs.map(toRecord);
    },
    async find(tenantId, id) {
      const tenant = objectIdOf(tenantId);
      const _id = objectIdOf(id);
      if (!tenant || !_id) return null;
      // rejections.find
      const doc = await collection.findOne({ _id, tenantId: tenant });
      return doc ? toReplayableRejection(doc) : null;
    },
  };
}
