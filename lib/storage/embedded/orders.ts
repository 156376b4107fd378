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
 * tenant's whole collection (no index: FerretDB v1 would scan anyway): once per group commit of
 * orders, or, in a server that owns its database (`soleWriter`: DATA_DIR, one process, held by its
 * lock), once per tenant, then kept in memory, where every insert and delete is applied once
 * stored — that process writes every marker (only `db migrate`'s first step, which the server
 * itself applies at start, writes them elsewhere). A new order then looks for its payments without
 * a read on its answer's path (issue 18: the scan cost the writer about 11 % of its time).
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
export function createEmbeddedOrders(db: Db, options: { soleWriter?: boolean } = {}): OrdersPort {
  const orders = db.collection<OrderDoc>("orders");
  const payments = db.collection<PaymentDoc>("payments");
  const listIndex = createOrderListIndex(orders);
  const markers = (tenantId: string) => db.collection<MarkerDoc>(`pending_payments_${tenantId.toLowerCase()}`);

  // Each tenant's markers, by payment record id, once read; while the first read runs, the inserts
  // and deletes stored meanwhile are noted and applied after it (either order gives the same set).
  type Parked = { markers: Map<string, MarkerDoc>; loading: Array<(markers: Map<string, MarkerDoc>) => void> | null };
  const parked = new Map<string, { state: Parked; loaded: Promise<Map<string, MarkerDoc>> }>();
  function parkedOf(tenantId: string): Promise<Map<string, MarkerDoc>> {
    const known = parked.get(tenantId);
    if (known) return known.loaded;
    if (!options.soleWriter) return sharedRead(tenantId);
    const state: Parked = { markers: new Map(), loading: [] };
    const loaded = markers(tenantId)
      .find({})
      .toArray()
      .then((docs) => {
        for (const doc of docs) state.markers.set(doc._id.toHexString(), doc);
        for (const change of state.loading ?? []) change(state.markers);
        state.loading = null;
        return state.markers;
      });
    // A failed read is tried again by the next caller.
    loaded.catch(() => parked.get(tenantId)?.state === state && parked.delete(tenantId));
    parked.set(tenantId, { state, loaded });
    return loaded;
  }
  // Without the memory, reads started in one turn of the event loop are shared per tenant: the orders
  // one group commit stored are all resolved in one turn, so the read started after every insert.
  const thisTurn = new Map<string, Promise<Map<string, MarkerDoc>>>();
  function sharedRead(tenantId: string): Promise<Map<string, MarkerDoc>> {
    const shared = thisTurn.get(tenantId);
    if (shared) return shared;
    const read = markers(tenantId)
      .find({})
      .toArray()
      .then((docs) => new Map(docs.map((doc) => [doc._id.toHexString(), doc])));
    if (thisTurn.size === 0) setImmediate(() => thisTurn.clear());
    thisTurn.set(tenantId, read);
    return read;
  }
  /** A marker stored or deleted: applied to the tenant's markers once they are known. */
  function noteParked(tenantId: string, change: (markers: Map<string, MarkerDoc>) => void): void {
    const known = parked.get(tenantId)?.state;
    if (!known) return;
    if (known.loading) known.loading.push(change);
    else change(known.markers);
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
      const marker = { _id, orderNumber, createdAt: at };
      await markers(tenantId)
        .insertOne(marker)
        .catch((error: unknown) => {
          if (!isDuplicateKey(error)) throw error;
        });
      noteParked(tenantId.toLowerCase(), (known) => known.set(_id.toHexString(), marker));
    },

    async listParkedPayments(tenantId, orderNumber) {
      if (!objectId(tenantId)) return [];
      const all = await parkedOf(tenantId.toLowerCase());
      return [...all.values()]
        .filter((m) => m.orderNumber === orderNumber)
        .map((m): ParkedPayment => ({ recordId: m._id.toHexString(), orderNumber: m.orderNumber, parkedAt: m.createdAt }));
    },

    async claimParkedPayment(tenantId, recordId) {
      const _id = objectId(recordId);
      if (!_id || !objectId(tenantId)) return false;
      const claimed = (await markers(tenantId).deleteOne({ _id })).deletedCount === 1;
      noteParked(tenantId.toLowerCase(), (known) => known.delete(_id.toHexString()));
      return claimed;
    },
  };
}
