import escapeRegex from "escape-string-regexp";
import { type Db, type Filter, ObjectId } from "mongodb";
import {
  LIST_PROJECTION,
  type OrderDoc,
  orderDocument,
  type PaymentDoc,
  STATE_PROJECTION,
} from "@/lib/storage/common/order-document";
import { isDuplicateKey } from "@/lib/storage/errors";
import { queryShapes } from "@/lib/storage/mongodb/query-shapes";
import type { OrdersPort } from "@/lib/storage/ports/orders";

type ParkedDoc = { _id: ObjectId; tenantId: ObjectId; orderNumber: string; createdAt: Date };

const { objectId, toState } = orderDocument;

/**
 * Three collections whatever the number of tenants: `orders`, `payments` and `parked_payments`.
 * Exactly-once rests on the unique {tenantId, orderNumber} and {tenantId, paymentId, status}
 * indexes; a status change is a compare-and-set on the status read, a payment joins its order
 * with one `$push` + `$set`, and a parked payment is claimed by deleting it (the one delete that
 * removes it wins). Every write is a single-document atomic operation: nothing relies on a
 * per-process lock, so any number of server processes can share the database.
 */
export function createMongoOrders(db: Db): OrdersPort {
  const orders = db.collection<OrderDoc>(queryShapes["orders.find"].collection);
  const payments = db.collection<PaymentDoc>(queryShapes["payments.findByKey"].collection);
  const parked = db.collection<ParkedDoc>(queryShapes["parkedPayments.listForOrder"].collection);
  const legacyParked = (tenantId: string) =>
    db.collection<Omit<ParkedDoc, "tenantId">>(`pending_payments_${tenantId.toLowerCase()}`);

  async function byNumber(tenant: ObjectId, orderNumber: string) {
    // orders.findByNumber
    const doc = await orders.findOne({ tenantId: tenant, orderNumber }, { projection: STATE_PROJECTION });
    return doc ? toState(doc) : null;
  }

  return {
    async createOrder(tenantId, order, at) {
      const tenant = objectId(tenantId);
      if (!tenant) throw new Error(`not a tenant id: ${tenantId}`);
      const doc = orderDocument.fromNew(new ObjectId(), tenant, order, at);
      try {
        await orders.insertOne(doc);
        return { created: true, order: toState(doc) };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const existing = await byNumber(tenant, order.orderNumber);
      if (!existing) throw new Error(`order ${order.orderNumber} vanished`);
      return { created: false, order: existing };
    },

    async findOrder(tenantId, orderId) {
      const [tenant, _id] = [objectId(tenantId), objectId(orderId)];
      if (!tenant || !_id) return null;
      // orders.find
      const doc = await orders.findOne({ _id, tenantId: tenant }, { projection: STATE_PROJECTION });
      return doc ? toState(doc) : null;
    },

    async findOrderByNumber(tenantId, orderNumber) {
      const tenant = objectId(tenantId);
      return tenant ? byNumber(tenant, orderNumber) : null;
    },

    async listOrders(tenantId, query) {
      const tenant = objectId(tenantId);
      if (!tenant) return { orders: [], more: false };
      const and: Filter<OrderDoc>[] = [{ tenantId: tenant }];
      if (query.status) and.push({ status: query.status });
      if (query.paymentStatus) and.push({ paymentStatus: query.paymentStatus === "none" ? null : query.paymentStatus });
      if (query.sourceId) and.push({ sourceId: query.sourceId === "direct" ? null : query.sourceId });
      if (query.from) and.push({ createdAt: { $gte: query.from } });
      if (query.to) and.push({ createdAt: { $lte: query.to } });
      const before = query.before && objectId(query.before.id);
      if (query.before && before)
        and.push(
          // The bound alone lets the index start at the cursor; the $or then decides the cursor's millisecond.
          { createdAt: { $lte: query.before.createdAt } },
          { $or: [{ createdAt: { $lt: query.before.createdAt } }, { createdAt: query.before.createdAt, _id: { $lt: before } }] },
        );
      for (const word of query.search ?? []) and.push({ keywords: { $regex: `^${escapeRegex(word)}` } });
      // The most selective equality the query has picks the index; the rest is checked on the way.
      const index = query.status
        ? // orders.listByStatus
          queryShapes["orders.listByStatus"].index
        : query.paymentStatus
          ? // orders.listByPaymentStatus
            queryShapes["orders.listByPaymentStatus"].index
          : query.sourceId
            ? // orders.listBySource
              queryShapes["orders.listBySource"].index
            : // orders.list
              queryShapes["orders.list"].index;
      const docs = await orders
        .find({ $and: and }, { projection: LIST_PROJECTION, hint: index })
        .sort({ createdAt: -1, _id: -1 })
        .limit(query.limit + 1)
        .toArray();
      return { orders: docs.slice(0, query.limit).map((doc) => orderDocument.toListItem(doc)), more: docs.length > query.limit };
    },

    async readOrder(tenantId, orderId) {
      const [tenant, _id] = [objectId(tenantId), objectId(orderId)];
      if (!tenant || !_id) return null;
      // orders.read
      const doc = await orders.findOne({ _id, tenantId: tenant });
      return doc ? orderDocument.toRecord(doc) : null;
    },

    async changeStatus(tenantId, orderId, expected, next, at, event = null) {
      const [tenant, _id] = [objectId(tenantId), objectId(orderId)];
      if (!tenant || !_id) return null;
      // No projection: FerretDB v1's findAndModify has none, and the contract tests run it there.
      // orders.changeStatus
      const doc = await orders.findOneAndUpdate(
        { _id, tenantId: tenant, status: expected },
        {
          $set: { status: next, updatedAt: at, event },
          $inc: { version: 1 },
          $push: { statusHistory: { status: next, at, event } },
        },
        { returnDocument: "after" },
      );
      return doc ? toState(doc) : null;
    },

    async appendPayments(tenantId, orderId, linked, paymentStatus) {
      const [tenant, _id] = [objectId(tenantId), objectId(orderId)];
      if (!tenant || !_id) return false;
      // orders.appendPayments
      return orderDocument.appendPayments(orders, tenant, _id, paymentStatus, linked);
    },

    async recordPayment(tenantId, payment, at) {
      const tenant = objectId(tenantId);
      if (!tenant) throw new Error(`not a tenant id: ${tenantId}`);
      const _id = new ObjectId();
      try {
        await payments.insertOne(orderDocument.paymentFromNew(_id, tenant, payment, at));
        return { created: true, recordId: _id.toHexString(), event: payment.event ?? null, orderId: null };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      // The record that won the unique index: a duplicate reports its id (the dashboard's fact key).
      // payments.findByKey
      const existing = await payments.findOne(
        { tenantId: tenant, paymentId: payment.paymentId, status: payment.status },
        { projection: { _id: 1, event: 1, orderId: 1 } },
      );
      if (!existing) throw new Error(`payment ${payment.paymentId} vanished`);
      return {
        created: false,
        recordId: existing._id.toHexString(),
        event: existing.event ?? null,
        orderId: existing.orderId ? existing.orderId.toHexString() : null,
      };
    },

    linkPayment(tenantId, recordId, order) {
      // payments.link
      return orderDocument.linkPayment(payments, tenantId, recordId, order);
    },

    async parkPayment(tenantId, recordId, orderNumber, at) {
      const [tenant, _id] = [objectId(tenantId), objectId(recordId)];
      if (!tenant || !_id) return;
      await parked.insertOne({ _id, tenantId: tenant, orderNumber, createdAt: at }).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
    },

    async listParkedPayments(tenantId, orderNumber) {
      const tenant = objectId(tenantId);
      if (!tenant) return [];
      const [docs, earlier] = await Promise.all([
        // parkedPayments.listForOrder
        parked.find({ tenantId: tenant, orderNumber }).toArray(),
        // Markers a version before the storage ports left in a collection per tenant (on any database,
        // and where migration 001 put legacy ones): still linked, never written any more. A missing
        // collection answers an empty list.
        legacyParked(tenantId).find({ orderNumber }).toArray(),
      ]);
      // One entry per payment record, wherever its marker is: each is claimed once.
      const byRecord = new Map([...earlier, ...docs].map((d) => [d._id.toHexString(), d]));
      return [...byRecord.values()].map((d) => ({
        recordId: d._id.toHexString(),
        orderNumber: d.orderNumber,
        parkedAt: d.createdAt,
      }));
    },

    async claimParkedPayment(tenantId, recordId) {
      const [tenant, _id] = [objectId(tenantId), objectId(recordId)];
      if (!tenant || !_id) return false;
      // A marker an earlier version left is first moved here by whoever removes it (once), so that
      // every claim goes through one document: two claimers can never both win, even if both kinds
      // of marker exist for one payment.
      const earlier = await legacyParked(tenantId).findOneAndDelete({ _id });
      if (earlier)
        await parked
          .insertOne({
            _id,
            tenantId: tenant,
            orderNumber: String(earlier.orderNumber),
            createdAt: earlier.createdAt ?? new Date(),
          })
          .catch((error: unknown) => {
            if (!isDuplicateKey(error)) throw error;
          });
      // parkedPayments.claim
      const current = await parked.deleteOne({ _id, tenantId: tenant });
      return current.deletedCount === 1;
    },
  };
}
