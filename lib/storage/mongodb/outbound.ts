import type { Collection, Db, Document, Filter, ObjectId } from "mongodb";
import { type EndpointDoc, endpointDocument } from "@/lib/storage/common/outbound-endpoint-document";
import { insertIsolated } from "@/lib/storage/embedded/insert-isolated";
import { isDuplicateKey } from "@/lib/storage/errors";
import { queryShapes } from "@/lib/storage/mongodb/query-shapes";
import type { AttemptToRecord, OutboundDeliveryRecord, OutboundPort } from "@/lib/storage/ports/outbound";

type DeliveryDoc = {
  _id: string;
  tenantId: ObjectId;
  endpointId: ObjectId;
  url: string;
  body: string | null;
  eventIds: string[];
  eventTypes: string[];
  status: OutboundDeliveryRecord["status"];
  attempts: OutboundDeliveryRecord["attempts"];
  createdAt: Date;
  updatedAt: Date;
};

const { objectId } = endpointDocument;

const toDelivery = (doc: DeliveryDoc): OutboundDeliveryRecord => ({
  id: doc._id,
  tenantId: doc.tenantId.toHexString(),
  endpointId: doc.endpointId.toHexString(),
  url: doc.url,
  body: doc.body ?? null,
  eventIds: doc.eventIds,
  eventTypes: doc.eventTypes,
  status: doc.status,
  attempts: doc.attempts,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
});

// A page ends at its last delivery; the next one starts strictly after it in (createdAt, _id) order.
const cursorOf = (doc: DeliveryDoc) => `${doc.createdAt.getTime()}.${doc._id}`;
function afterCursor(cursor: string | null | undefined): Filter<DeliveryDoc> | null {
  const match = cursor ? /^(\d+)\.(dlv_[0-9a-f]{48})$/.exec(cursor) : null;
  if (!match) return null;
  const at = new Date(Number(match[1]));
  return { $or: [{ createdAt: { $lt: at } }, { createdAt: at, _id: { $lt: match[2] as string } }] };
}

/**
 * Two collections whatever the number of tenants and endpoints: `outbound_endpoints` (a handful
 * per tenant) and `outbound_deliveries` (every delivery with its attempts, newest read through
 * tenant-first indexes, expired by TTL or the bounded delete). A delivery's `_id` is its
 * delivery id, so its first insert is exactly-once and every later attempt a single-document
 * `$push`; disabling is a conditional update. Nothing relies on a per-process lock.
 */
export function createMongoOutbound(db: Db): OutboundPort {
  const endpoints = db.collection<EndpointDoc>(queryShapes["outboundEndpoints.list"].collection);
  const deliveries = db.collection<DeliveryDoc>(queryShapes["outboundDeliveries.listByTenant"].collection);

  const fixedFields = (delivery: AttemptToRecord["delivery"], endpointId: ObjectId, now: Date) => ({
    endpointId,
    url: delivery.url,
    body: delivery.body,
    eventIds: delivery.eventIds,
    eventTypes: delivery.eventTypes,
    createdAt: now,
  });

  async function append(tenantId: ObjectId, endpointId: ObjectId, { delivery, attempt, status }: AttemptToRecord, now: Date) {
    // outboundDeliveries.append
    await deliveries.updateOne(
      { _id: delivery.id, tenantId },
      { $setOnInsert: fixedFields(delivery, endpointId, now), $set: { status, updatedAt: now }, $push: { attempts: attempt } },
      { upsert: true },
    );
  }

  return {
    createEndpoint(tenantId, build) {
      return endpointDocument.insert(endpoints, tenantId, build);
    },
    async listEndpoints(tenantId) {
      const tenant = objectId(tenantId);
      if (!tenant) return [];
      // outboundEndpoints.list
      const docs = await endpoints.find({ tenantId: tenant }).sort({ createdAt: 1, _id: 1 }).toArray();
      return docs.map(endpointDocument.toRecord);
    },
    async countEndpoints(tenantId) {
      const tenant = objectId(tenantId);
      // outboundEndpoints.count
      return tenant ? endpoints.countDocuments({ tenantId: tenant }) : 0;
    },
    async findEndpoint(tenantId, endpointId) {
      const [tenant, _id] = [objectId(tenantId), objectId(endpointId)];
      if (!tenant || !_id) return null;
      // outboundEndpoints.find
      const doc = await endpoints.findOne({ _id, tenantId: tenant });
      return doc ? endpointDocument.toRecord(doc) : null;
    },
    async updateEndpoint(tenantId, endpointId, change) {
      const [tenant, _id] = [objectId(tenantId), objectId(endpointId)];
      if (!tenant || !_id) return null;
      // outboundEndpoints.update
      const doc = await endpoints.findOneAndUpdate(
        { _id, tenantId: tenant },
        { $set: endpointDocument.toSet(change, new Date()) },
        { returnDocument: "after" },
      );
      return doc ? endpointDocument.toRecord(doc) : null;
    },
    async disableEndpoint(tenantId, endpointId, reason, at) {
      const [tenant, _id] = [objectId(tenantId), objectId(endpointId)];
      if (!tenant || !_id) return false;
      // outboundEndpoints.disable
      const result = await endpoints.updateOne(
        { _id, tenantId: tenant, enabled: true },
        { $set: { enabled: false, disabledReason: reason, disabledAt: at, updatedAt: at } },
      );
      return result.modifiedCount === 1;
    },
    async removeEndpoint(tenantId, endpointId) {
      const [tenant, _id] = [objectId(tenantId), objectId(endpointId)];
      if (!tenant || !_id) return false;
      // outboundEndpoints.remove
      const removed = await endpoints.deleteOne({ _id, tenantId: tenant });
      if (removed.deletedCount !== 1) return false;
      // outboundDeliveries.removeEndpoint
      await deliveries.deleteMany({ tenantId: tenant, endpointId: _id });
      return true;
    },

    async recordAttempts(tenantId, endpointId, items, options) {
      const [tenant, endpoint] = [objectId(tenantId), objectId(endpointId)];
      if (!tenant || !endpoint || items.length === 0) return;
      const now = new Date();
      let later = items;
      if (options.first) {
        // One insert for the group; each delivery fails alone (a duplicate is one whose first
        // attempt was already logged — repeated after a crash — and is appended to instead).
        const failures = await insertIsolated(
          deliveries as unknown as Collection<Document>,
          items.map(({ delivery, attempt, status }) => ({
            _id: delivery.id,
            tenantId: tenant,
            ...fixedFields(delivery, endpoint, now),
            status,
            updatedAt: now,
            attempts: [attempt],
          })),
        );
        const refused = [...failures.values()].find((error) => !isDuplicateKey(error));
        later = items.filter((_, index) => failures.has(index) && isDuplicateKey(failures.get(index)));
        await Promise.all(later.map((item) => append(tenant, endpoint, item, now)));
        if (refused) throw refused;
        return;
      }
      await Promise.all(later.map((item) => append(tenant, endpoint, item, now)));
    },
    async listDeliveries(tenantId, query) {
      const tenant = objectId(tenantId);
      const endpoint = query.endpointId ? objectId(query.endpointId) : null;
      if (!tenant || (query.endpointId && !endpoint)) return { deliveries: [], next: null };
      const filter: Filter<DeliveryDoc> = { tenantId: tenant };
      if (endpoint) filter.endpointId = endpoint;
      if (query.status) filter.status = query.status;
      if (query.eventType) filter.eventTypes = query.eventType;
      if (query.search) filter.eventIds = query.search.trim().toLowerCase();
      // Bounds on the sort key itself: the same indexes serve them.
      if (query.since || query.until)
        filter.createdAt = { ...(query.since ? { $gte: query.since } : {}), ...(query.until ? { $lte: query.until } : {}) };
      const after = afterCursor(query.before);
      // The cursor bounds the sort keys themselves, so the same index serves it (no range field).
      // outboundDeliveries.searchByEvent
      // outboundDeliveries.listByTenant
      // outboundDeliveries.listByTenantStatus
      // outboundDeliveries.listByEndpoint
      // outboundDeliveries.listByEndpointStatus
      const docs = await deliveries
        .find(after ? { $and: [filter, after] } : filter)
        .sort({ createdAt: -1, _id: -1 })
        .limit(query.limit + 1)
        .toArray();
      const page = docs.slice(0, query.limit);
      const last = page.at(-1);
      return { deliveries: page.map(toDelivery), next: docs.length > query.limit && last ? cursorOf(last) : null };
    },
    async findDelivery(tenantId, deliveryId) {
      const tenant = objectId(tenantId);
      if (!tenant) return null;
      // outboundDeliveries.find
      const doc = await deliveries.findOne({ _id: deliveryId, tenantId: tenant });
      return doc ? toDelivery(doc) : null;
    },
  };
}
