import { type Db, type Filter, ObjectId } from "mongodb";
import { matchesRejectionQuery, rejectionSearchKeys, searchTerm } from "@/lib/storage/common/inbound-log-search";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { type RejectionDocument, toRejectionRecord, toReplayableRejection } from "@/lib/storage/common/rejection-document";
import { queryShapes } from "@/lib/storage/mongodb/query-shapes";
import { readLogPage, receivedBetween } from "@/lib/storage/mongodb/received-cursor";
import type { RejectedDeliveriesPort } from "@/lib/storage/ports/rejected-deliveries";

type Doc = RejectionDocument;

const toRecord = toRejectionRecord;

/** One `rejected_deliveries` collection for every tenant, read through `tenant_recent`. */
export function createMongoRejectedDeliveries(db: Db): RejectedDeliveriesPort {
  const collection = db.collection<Doc>(queryShapes["rejections.listRecent"].collection);
  const find: RejectedDeliveriesPort["find"] = async (tenantId, id) => {
    const tenant = objectIdOf(tenantId);
    const _id = objectIdOf(id);
    if (!tenant || !_id) return null;
    // rejections.find
    const doc = await collection.findOne({ _id, tenantId: tenant });
    return doc ? toReplayableRejection(doc) : null;
  };
  return {
    async record(tenantId, rejection) {
      const doc: Doc = {
        _id: new ObjectId(),
        tenantId: tenantId ? objectIdOf(tenantId) : null,
        receivedAt: new Date(),
        ...rejection,
        keys: rejectionSearchKeys(rejection.headers),
      };
      await collection.insertOne(doc);
      return toRecord(doc);
    },
    async list(tenantId, query) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return { deliveries: [], next: null };
      const filter: Filter<Doc> = { tenantId: tenant, ...receivedBetween(query.since, query.until) };
      if (query.reason) filter.reason = query.reason;
      if (query.kind) filter.kind = query.kind;
      if (query.search !== undefined) filter.keys = searchTerm(query.search);
      // rejections.search
      // rejections.listRecent
      return readLogPage(collection, filter, query, {
        projection: { rawBody: 0 },
        toRecord,
        find: (id) => find(tenantId, id),
        matches: (record) => matchesRejectionQuery(record, query),
      });
    },
    find,
  };
}
