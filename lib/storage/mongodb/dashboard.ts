import { type Db, ObjectId } from "mongodb";
import {
  type OrderFactDocument,
  type PaymentFactDocument,
  toOrderFact,
  toPaymentFact,
} from "@/lib/storage/common/dashboard-fact-document";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import { derivedId } from "@/lib/storage/embedded/derived-id";
import { isDuplicateKey } from "@/lib/storage/errors";
import { latestOrderVersions, newestOrderFirst } from "@/lib/storage/latest-order-versions";
import type { DashboardPort, OrderFact } from "@/lib/storage/ports/dashboard";

type OrderDoc = OrderFactDocument & { _id: ObjectId; tenantId: ObjectId };
type PaymentDoc = PaymentFactDocument & { _id: ObjectId; tenantId: ObjectId };
type Doc = OrderDoc | PaymentDoc;

const ignoreDuplicate = (error: unknown) => (isDuplicateKey(error) ? undefined : Promise.reject(error));

const toOrder = toOrderFact;
const toPayment = toPaymentFact;

// How many facts one page of the recent-orders walk reads: several versions of one order are rare.
const RECENT_PAGE = 50;

/**
 * One `dashboard_facts` collection (in the log database) for every tenant and day. Facts are
 * inserted under derived `_id`s, so a fact recorded twice — by two processes, or a retry — is
 * stored once (the primary key's uniqueness, no lock). Reads go through `tenant_orders_created`
 * and `tenant_payments_at`.
 */
export function createMongoDashboard(db: Db): DashboardPort {
  const facts = db.client.db(logDatabaseName(db.databaseName)).collection<Doc>("dashboard_facts");
  return {
    async recordOrderVersion(tenantId, fact) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return;
      const _id = new ObjectId(derivedId("dash-order", tenantId, fact.orderId, String(fact.v)).toHexString());
      await facts.insertOne({ _id, tenantId: tenant, k: "o", ...fact, at: new Date() }).catch(ignoreDuplicate);
    },
    async recordPayment(tenantId, recordId, fact) {
      const tenant = objectIdOf(tenantId);
      const _id = objectIdOf(recordId);
      if (!tenant || !_id) return;
      await facts.insertOne({ _id, tenantId: tenant, k: "p", ...fact }).catch(ignoreDuplicate);
    },
    async factsIn(tenantId, start, end) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return { orders: [], payments: [] };
      const [orders, payments] = await Promise.all([
        // dashboard.ordersCreatedIn
        facts.find({ tenantId: tenant, k: "o", createdAt: { $gte: start, $lt: end } }).toArray(),
        // dashboard.paymentsIn
        facts.find({ tenantId: tenant, k: "p", at: { $gte: start, $lt: end } }).toArray(),
      ]);
      return { orders: (orders as OrderDoc[]).map(toOrder), payments: (payments as PaymentDoc[]).map(toPayment) };
    },
    async recentOrders(tenantId, before, limit) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return [];
      const latest = new Map<string, OrderFact>();
      let bound: { createdAt: Date; _id: ObjectId } | null = null;
      // Walks back a page at a time until `limit` orders are complete: an order's versions share its
      // createdAt, so once the walk has passed an order's creation time it has all its versions.
      for (;;) {
        const range = bound
          ? { $or: [{ createdAt: { $lt: bound.createdAt } }, { createdAt: bound.createdAt, _id: { $lt: bound._id } }] }
          : { createdAt: { $lt: before } };
        // dashboard.recentOrders
        const page = (await facts
          .find({ tenantId: tenant, k: "o", ...range })
          .sort({ createdAt: -1, _id: -1 })
          .limit(RECENT_PAGE)
          .toArray()) as OrderDoc[];
        latestOrderVersions(page.map(toOrder), latest);
        const last = page.at(-1);
        const complete = [...latest.values()].filter((o) => last && o.createdAt > last.createdAt).length;
        if (page.length < RECENT_PAGE || !last || complete >= limit) break;
        bound = { createdAt: last.createdAt, _id: last._id };
      }
      return [...latest.values()].sort(newestOrderFirst).slice(0, limit);
    },
  };
}
