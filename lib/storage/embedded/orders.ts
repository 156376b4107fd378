import type { Collection, Db, Document } from "mongodb";
import { type OrderDoc, orderDocument, type PaymentDoc, STATE_PROJECTION } from "@/lib/storage/common/order-document";
import { withDocumentLock } from "@/lib/storage/common/with-document-lock";
import { derivedId } from "@/lib/storage/embedded/derived-id";
import { insertBatchedRaw } from "@/lib/storage/embedded/insert-batched";
import { createOrderListIndex } from "@/lib/storage/embedded/order-list-index";
import { isDuplicateKey } from "@/lib/storage/errors";
import type { OrdersPort, ParkedPayment } from "@/lib/storage/ports/orders";

/**
 * Payments waiting for their order, one collection per tenant (`pending_payments_<tenantId>`), one
 * marker per parked payment whose `_id` is the payment record's. Markers are only inserted and
 * deleted — the two writes FerretDB v1 performs atomically (its updates read, then write) — and
 * deleting one is how a payment is claimed, so it is linked exactly once. A new order reads its
 * tenant's whole collection (no index: FerretDB v1 would scan anyway), once per group commit of
 * orders: it holds only the payments still waiting, and no other tenant's.
 */
type MarkerDoc = { _id: OrderDoc["_id"]; orderNumber: string; createdAt: Date };

const { objectId, owns, toState } = orderDocument;

/**
 * Orders and payment records under `_id`s derived from their natural keys (tenant + orderNumber,
 * tenant + paymentId + status): a new one is a single insert, its duplicate-key error the "seen
 * before" (no read on the hot path), and every later read an `_id` look-up — the only query
 * FerretDB v1 answers without a scan — with the tenant compared here. FerretDB v1 applies an
 * update by reading and writing back, so changes to one order run through this process's
 * per-order queue (common/with-document-lock.ts).
 */
export function createEmbeddedOrders(db: Db): OrdersPort {
  const orders = db.collection<OrderDoc>("orders");
  const payments = db.collection<PaymentDoc>("payments");
  const listIndex = createOrderListIndex(orders);
  const markers = (tenantId: string) => db.collection<MarkerDoc>(`pending_payments_${tenantId.toLowerCase()}`);

  // Marker reads started in this turn of the event loop, by tenant: the orders one group commit
  // stored are all resolved in one turn, so a read shared here started after every one of their inserts.
  const thisTurn = new Map<string, Promise<MarkerDoc[]>>();
  function parkedOf(tenantId: string): Promise<MarkerDoc[]> {
    const shared = thisTurn.get(tenantId);
    if (shared) return shared;
    const read = markers(tenantId).find({}).toArray();
    if (thisTurn.size === 0) setImmediate(() => thisTurn.clear());
    thisTurn.set(tenantId, read);
    return read;
  }

  async function stateOf(tenantId: string, orderId: string) {
    const _id = objectId(orderId);
    if (!_id || !objectId(tenantId)) return null;
    const doc = await orders.findOne({ _id }, { projection: STATE_PROJECTION });
    return owns(doc, tenantId) ? toState(doc as OrderDoc) : null;
  }

  return {
    async createOrder(tenantId, order, at) {
      const tenant = objectId(tenantId);
      if (!tenant) throw new Error(`not a tenant id: ${tenantId}`);
      const _id = derivedId("order", tenant.toHexString(), order.orderNumber);
      const doc = orderDocument.fromNew(_id, tenant, order, at);
      try {
        await insertBatchedRaw(orders as unknown as Collection<Document>, doc as unknown as Document, "record");
        listIndex.added(tenant.toHexString(), doc);
        return { created: true, order: toState(doc) };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const existing = await stateOf(tenantId, _id.toHexString());
      if (!existing) throw new Error(`order ${order.orderNumber} vanished`);
      return { created: false, order: existing };
    },

    findOrder: stateOf,

    async listOrders(tenantId, query) {
      const tenant = objectId(tenantId);
      return tenant ? listIndex.list(tenant.toHexString(), tenant, query) : { orders: [], more: false };
    },

    findOrderByNumber(tenantId, orderNumber) {
      const tenant = objectId(tenantId);
      return tenant
        ? stateOf(tenantId, derivedId("order", tenant.toHexString(), orderNumber).toHexString())
        : Promise.resolve(null);
    },

    async readOrder(tenantId, orderId) {
      const _id = objectId(orderId);
      if (!_id || !objectId(tenantId)) return null;
      const doc = await orders.findOne({ _id });
      return owns(doc, tenantId) ? orderDocument.toRecord(doc as OrderDoc) : null;
    },

    changeStatus(tenantId, orderId, expected, next, at, event = null) {
      const [tenant, _id] = [objectId(tenantId), objectId(orderId)];
      if (!tenant || !_id) return Promise.resolve(null);
      return withDocumentLock(_id.toHexString(), async () => {
        const doc = await orders.findOneAndUpdate(
          { _id, tenantId: tenant, status: expected },
          {
            $set: { status: next, updatedAt: at, event },
            $inc: { version: 1 },
            $push: { statusHistory: { status: next, at, event } },
          },
          { returnDocument: "after" },
        );
        if (doc) listIndex.changed(tenant.toHexString(), _id.toHexString(), { status: next });
        return doc ? toState(doc) : null;
      });
    },

    appendPayments(tenantId, orderId, linked, paymentStatus) {
      const [tenant, _id] = [objectId(tenantId), objectId(orderId)];
      if (!tenant || !_id) return Promise.resolve(false);
      return withDocumentLock(_id.toHexString(), async () => {
        // Read under the order's queue: FerretDB v1 matches a `$nin` through an array of documents
        // on its first element only, so the shared guard cannot tell which payments are listed here.
        const current = await orders.findOne({ _id }, { projection: { tenantId: 1, payments: 1 } });
        if (!owns(current, tenantId)) return false;
        const listed = new Set((current?.payments ?? []).map((p) => String(p.recordId)));
        const missing = linked.filter((p) => !listed.has(p.recordId.toLowerCase()));
        if (missing.length === 0) return true;
        const appended = await orderDocument.appendPayments(orders, tenant, _id, paymentStatus, missing);
        if (appended) listIndex.changed(tenant.toHexString(), _id.toHexString(), { paymentStatus });
        return appended;
      });
    },

    async recordPayment(tenantId, payment, at) {
      const tenant = objectId(tenantId);
      if (!tenant) throw new Error(`not a tenant id: ${tenantId}`);
      const _id = derivedId("payment", tenant.toHexString(), payment.paymentId, payment.status);
      try {
        await payments.insertOne(orderDocument.paymentFromNew(_id, tenant, payment, at));
        return { created: true, recordId: _id.toHexString(), event: payment.event ?? null, orderId: null };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      // A repeat: which event stored it and whether it is linked decide what a replay still owes.
      const existing = await payments.findOne({ _id }, { projection: { event: 1, orderId: 1 } });
      return {
        created: false,
        recordId: _id.toHexString(),
        event: existing?.event ?? null,
        orderId: existing?.orderId ? existing.orderId.toHexString() : null,
      };
    },

    linkPayment(tenantId, recordId, order) {
      return orderDocument.linkPayment(payments, tenantId, recordId, order);
    },

    async parkPayment(tenantId, recordId, orderNumber, at) {
      const _id = objectId(recordId);
      if (!_id || !objectId(tenantId)) return;
      await markers(tenantId)
        .insertOne({ _id, orderNumber, createdAt: at })
        .catch((error: unknown) => {
          if (!isDuplicateKey(error)) throw error;
        });
    },

    async listParkedPayments(tenantId, orderNumber) {
      if (!objectId(tenantId)) return [];
      const all = await parkedOf(tenantId.toLowerCase());
      return all
        .filter((m) => m.orderNumber === orderNumber)
        .map((m): ParkedPayment => ({ recordId: m._id.toHexString(), orderNumber: m.orderNumber, parkedAt: m.createdAt }));
    },

    async claimParkedPayment(tenantId, recordId) {
      const _id = objectId(recordId);
      if (!_id || !objectId(tenantId)) return false;
      return (await markers(tenantId).deleteOne({ _id })).deletedCount === 1;
    },
  };
}
