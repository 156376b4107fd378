import type { Db, Filter, ObjectId } from "mongodb";
import { deliveryRecordId } from "@/lib/storage/common/delivery-record-id";
import { acceptedSearchKeys, matchesAcceptedQuery, searchTerm } from "@/lib/storage/common/inbound-log-search";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import { isDuplicateKey } from "@/lib/storage/errors";
import { excerptOf } from "@/lib/storage/excerpt-of";
import { readLogPage, receivedBetween } from "@/lib/storage/mongodb/received-cursor";
import type { AcceptedDeliveryRecord, DeliveryLogPort } from "@/lib/storage/ports/delivery-log";

type Doc = {
  _id: ObjectId;
  tenantId: ObjectId;
  kind: AcceptedDeliveryRecord["kind"];
  deliveryId: string;
  dedupeKey: string;
  scheme: AcceptedDeliveryRecord["scheme"];
  source?: AcceptedDeliveryRecord["source"];
  headers: Record<string, string>;
  rawBody: string;
  bodyExcerpt?: string;
  bodyBytes?: number;
  result: { status: number; body: unknown };
  keys?: string[];
  receivedAt: Date;
};

const toRecord = (doc: Doc): AcceptedDeliveryRecord => ({
  id: doc._id.toHexString(),
  kind: doc.kind,
  deliveryId: doc.deliveryId,
  dedupeKey: doc.dedupeKey,
  scheme: doc.scheme,
  ...(doc.source ? { source: doc.source } : {}),
  headers: doc.headers ?? {},
  status: doc.result?.status ?? 0,
  // Documents of earlier versions kept only the raw body.
  ...(doc.bodyExcerpt !== undefined
    ? { bodyExcerpt: doc.bodyExcerpt, bodyBytes: doc.bodyBytes ?? 0 }
    : excerptOf(doc.rawBody ?? "")),
  receivedAt: doc.receivedAt,
});

/**
 * One `webhook_events` collection (in the log database beside the main one, like the embedded
 * adapter's) for every tenant, one document per accepted request: pages through `tenant_recent`
 * and `tenant_kind_recent`, aged out by `expire`.
 */
export function createMongoDeliveryLog(db: Db): DeliveryLogPort {
  const events = db.client.db(logDatabaseName(db.databaseName)).collection<Doc>("webhook_events");
  const find: DeliveryLogPort["find"] = async (tenantId, id) => {
    const [tenant, _id] = [objectIdOf(tenantId), objectIdOf(id)];
    if (!tenant || !_id) return null;
    // deliveries.find
    const doc = await events.findOne({ _id, tenantId: tenant });
    return doc ? { ...toRecord(doc), rawBody: doc.rawBody ?? "" } : null;
  };
  return {
    async record(tenantId, delivery, options = {}) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return { recorded: false };
      return events
        .insertOne({
          _id: deliveryRecordId(tenantId, options.once),
          tenantId: tenant,
          ...delivery,
          ...excerptOf(delivery.rawBody),
          keys: acceptedSearchKeys(delivery),
          receivedAt: new Date(),
        })
        .then(
          () => ({ recorded: true }),
          (error: unknown) => (isDuplicateKey(error) ? { recorded: false } : Promise.reject(error)),
        );
    },
    find,
    async findForEvent(tenantId, event) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return null;
      // deliveries.find
      const doc = await events.findOne({ _id: deliveryRecordId(tenantId, event), tenantId: tenant });
      return doc ? { ...toRecord(doc), rawBody: doc.rawBody ?? "" } : null;
    },
    async list(tenantId, query) {
      const tenant = objectIdOf(tenantId);
      if (!tenant || (query.sourceId !== undefined && !objectIdOf(query.sourceId))) return { deliveries: [], next: null };
      const projection = { rawBody: 0, "result.body": 0 };
      const filter: Filter<Doc> = { tenantId: tenant, ...receivedBetween(query.since, query.until) };
      if (query.kind) filter.kind = query.kind;
      if (query.sourceId !== undefined) filter["source.id"] = query.sourceId.toLowerCase();
      if (query.status !== undefined) filter["result.status"] = query.status;
      if (query.search !== undefined) filter.keys = searchTerm(query.search);
      // Searched, one source's, one kind's or all of them: the index the most selective filter
      // names; the other filters are compared among its entries.
      // deliveries.search
      // deliveries.listRecentOfSource
      // deliveries.listRecentOfKind
      // deliveries.listRecent
      return readLogPage(events, filter, query, {
        projection,
        toRecord,
        find: (id) => find(tenantId, id),
        matches: (record) => matchesAcceptedQuery(record, query),
      });
    },
  };
}
