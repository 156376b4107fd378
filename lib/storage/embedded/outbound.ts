import type { Db } from "mongodb";
import { LOG_RETENTION_DAYS } from "@/lib/storage/common/log-retention";
import { type EndpointDoc, endpointDocument } from "@/lib/storage/common/outbound-endpoint-document";
import { serialWrite } from "@/lib/storage/embedded/insert-batched";
import { createOutboundLog } from "@/lib/storage/embedded/outbound-log";
import { walkWindows } from "@/lib/storage/embedded/walk-windows";
import { encodeLogCursor } from "@/lib/storage/ports/log-cursor";
import type { OutboundDeliveryRecord, OutboundPort } from "@/lib/storage/ports/outbound";

const { objectId } = endpointDocument;
const DELIVERY_ID = /^dlv_([0-9a-f]{24})[0-9a-f]{24}$/;

// Generations of the endpoints' logs one page reads at most (walk-windows.ts).
const PAGE_BUDGET = 40;

/** A cursor of the mongodb adapter's form (`<ms>.<delivery id>`, as earlier versions gave) read as the log cursor it stands for. */
const asLogCursor = (cursor: string | null | undefined) => {
  const legacy = cursor ? /^(\d{1,15})\.(dlv_[0-9a-f]{48})$/.exec(cursor) : null;
  return legacy ? encodeLogCursor({ at: Number(legacy[1]), id: legacy[2] as string }) : (cursor ?? undefined);
};
const oldestFirst = (a: EndpointDoc, b: EndpointDoc) =>
  new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() || a._id.toHexString().localeCompare(b._id.toHexString());

/**
 * Endpoints in `outbound_endpoints`, each reached by `_id` alone (the look-up FerretDB v1 answers
 * without a scan; the tenant is compared here), and a tenant's list by a scan of that small
 * collection. Their conditional writes read and then write on FerretDB, so they run in the
 * database's single writer: no other write of the process comes between. The delivery log is
 * lib/storage/embedded/outbound-log.ts; a delivery id names its endpoint, so a delivery is found
 * without any index.
 */
export function createEmbeddedOutbound(db: Db): OutboundPort & { retire(): Promise<number> } {
  const endpoints = db.collection<EndpointDoc>("outbound_endpoints");
  const log = createOutboundLog(db);
  const lane = db.databaseName;
  const serialize = <T>(write: () => Promise<T>) => serialWrite(write, "record", lane);

  async function owned(tenantId: string, endpointId: string): Promise<EndpointDoc | null> {
    const _id = objectId(endpointId);
    if (!_id || !objectId(tenantId)) return null;
    const doc = await endpoints.findOne({ _id });
    return doc && doc.tenantId.toHexString() === tenantId.toLowerCase() ? doc : null;
  }

  async function listed(tenantId: string): Promise<EndpointDoc[]> {
    const tenant = objectId(tenantId);
    return tenant ? (await endpoints.find({ tenantId: tenant }).toArray()).sort(oldestFirst) : [];
  }

  return {
    createEndpoint(tenantId, build) {
      return endpointDocument.insert(endpoints, tenantId, build);
    },
    async listEndpoints(tenantId) {
      return (await listed(tenantId)).map(endpointDocument.toRecord);
    },
    async countEndpoints(tenantId) {
      return (await listed(tenantId)).length;
    },
    async findEndpoint(tenantId, endpointId) {
      const doc = await owned(tenantId, endpointId);
      return doc ? endpointDocument.toRecord(doc) : null;
    },
    updateEndpoint(tenantId, endpointId, change) {
      return serialize(async () => {
        const doc = await owned(tenantId, endpointId);
        if (!doc) return null;
        const set = endpointDocument.toSet(change, new Date());
        await endpoints.updateOne({ _id: doc._id }, { $set: set });
        return endpointDocument.toRecord({ ...doc, ...set } as EndpointDoc);
      });
    },
    disableEndpoint(tenantId, endpointId, reason, at) {
      return serialize(async () => {
        const doc = await owned(tenantId, endpointId);
        if (!doc?.enabled) return false;
        await endpoints.updateOne(
          { _id: doc._id },
          { $set: { enabled: false, disabledReason: reason, disabledAt: at, updatedAt: at } },
        );
        return true;
      });
    },
    async removeEndpoint(tenantId, endpointId) {
      const removed = await serialize(async () => {
        const doc = await owned(tenantId, endpointId);
        if (!doc) return false;
        await endpoints.deleteOne({ _id: doc._id });
        return true;
      });
      // Per-endpoint collections stay bounded in number: a removed endpoint's go with it.
      if (removed) await log.drop(endpointId.toLowerCase());
      return removed;
    },

    recordAttempts(tenantId, endpointId, items, options) {
      return log.record(tenantId, endpointId, items, options.first);
    },
    async listDeliveries(tenantId, query) {
      const tenant = tenantId.toLowerCase();
      let ids: string[];
      if (query.endpointId) ids = (await owned(tenantId, query.endpointId)) ? [query.endpointId.toLowerCase()] : [];
      else ids = (await listed(tenantId)).map((doc) => doc._id.toHexString());
      const term = query.search?.trim().toLowerCase();
      const walked = await walkWindows<OutboundDeliveryRecord & { receivedAt: Date }>({
        keys: ids,
        newest: (id) => log.newest(id),
        read: async (id, generation) =>
          (await log.readGeneration(id, generation))?.map((d) => ({ ...d, receivedAt: d.createdAt })) ?? null,
        match: (d) =>
          d.tenantId === tenant &&
          (!query.status || d.status === query.status) &&
          (!query.eventType || d.eventTypes.includes(query.eventType)) &&
          (!query.until || d.createdAt <= query.until) &&
          (!term || d.id === term || d.eventIds.some((id) => id.toLowerCase() === term)),
        query: { limit: query.limit, cursor: asLogCursor(query.before), since: query.since },
        budget: PAGE_BUDGET,
      });
      return { deliveries: walked.entries.map(({ receivedAt: _at, ...delivery }) => delivery), next: walked.next };
    },
    retire: () => log.retire(new Date(Date.now() - LOG_RETENTION_DAYS * 86_400_000)),
    async findDelivery(tenantId, deliveryId) {
      const endpointId = DELIVERY_ID.exec(deliveryId)?.[1];
      // The endpoint's owner first: another tenant's id reads none of that endpoint's log.
      if (!endpointId || !(await owned(tenantId, endpointId))) return null;
      const delivery = await log.find(endpointId, deliveryId);
      return delivery && delivery.tenantId === tenantId.toLowerCase() ? delivery : null;
    },
  };
}
