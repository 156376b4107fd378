import { type Db, ObjectId } from "mongodb";
import { utcDayKey } from "@/lib/dashboard/day-range";
import {
  type OrderFactDocument,
  type PaymentFactDocument,
  toOrderFact,
  toPaymentFact,
} from "@/lib/storage/common/dashboard-fact-document";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { isPastDay } from "@/lib/storage/common/past-day";
import { withDocumentLock } from "@/lib/storage/common/with-document-lock";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import { derivedId } from "@/lib/storage/embedded/derived-id";
import { isDuplicateKey } from "@/lib/storage/errors";
import { latestOrderVersions, newestOrderFirst } from "@/lib/storage/latest-order-versions";
import type { DashboardPort, DaySummary, HourSlot, OrderFact } from "@/lib/storage/ports/dashboard";

type OrderDoc = OrderFactDocument & { _id: ObjectId; tenantId: ObjectId };
type PaymentDoc = PaymentFactDocument & { _id: ObjectId; tenantId: ObjectId };
type Doc = OrderDoc | PaymentDoc;
type SummaryDoc = { _id: ObjectId; tenantId: ObjectId; day: string; slots?: HourSlot[]; touched: number };

const ignoreDuplicate = (error: unknown) => (isDuplicateKey(error) ? undefined : Promise.reject(error));

const toOrder = toOrderFact;
const toPayment = toPaymentFact;

// How many facts one page of the recent-orders walk reads: several versions of one order are rare.
const RECENT_PAGE = 50;

/**
 * One `dashboard_facts` collection (in the log database) for every tenant and day. Facts are
 * inserted under derived `_id`s, so a fact recorded twice — by two processes, or a retry — is
 * stored once (the primary key's uniqueness, no lock). Reads go through `tenant_orders_created`
 * and `tenant_payments_at`. The charts' sealed day summaries are `dashboard_days`, one document
 * per tenant and UTC day under a derived `_id`: sealing is a compare-and-set on `touched`, which
 * every late fact increments, so no process can store a summary that misses a fact.
 */
export function createMongoDashboard(db: Db): DashboardPort {
  const logDb = db.client.db(logDatabaseName(db.databaseName));
  const facts = logDb.collection<Doc>("dashboard_facts");
  const summaries = logDb.collection<SummaryDoc>("dashboard_days");
  const summaryId = (tenantId: string, day: string) => new ObjectId(derivedId("dash-day", tenantId, day).toHexString());

  async function unseal(tenantId: string, tenant: ObjectId, at: Date): Promise<void> {
    if (!isPastDay(at)) return;
    const day = utcDayKey(at);
    const _id = summaryId(tenantId, day);
    // By `_id` alone (derived from the tenant and the day), so MongoDB retries an upsert that meets
    // a seal inserted at the same moment; the lock keeps FerretDB's read-then-write updates apart.
    const write = () =>
      withDocumentLock(_id.toHexString(), () =>
        // dashboard.unsealDay
        summaries.updateOne(
          { _id },
          { $inc: { touched: 1 }, $unset: { slots: "" }, $setOnInsert: { tenantId: tenant, day } },
          { upsert: true },
        ),
      );
    await write().catch((error: unknown) => (isDuplicateKey(error) ? write() : Promise.reject(error)));
  }

  return {
    async recordOrderVersion(tenantId, fact) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return;
      const _id = new ObjectId(derivedId("dash-order", tenantId, fact.orderId, String(fact.v)).toHexString());
      await facts.insertOne({ _id, tenantId: tenant, k: "o", ...fact, at: new Date() }).catch(ignoreDuplicate);
      await unseal(tenantId, tenant, fact.createdAt);
    },
    async recordPayment(tenantId, recordId, fact) {
      const tenant = objectIdOf(tenantId);
      const _id = objectIdOf(recordId);
      if (!tenant || !_id) return;
      await facts.insertOne({ _id, tenantId: tenant, k: "p", ...fact }).catch(ignoreDuplicate);
      await unseal(tenantId, tenant, fact.at);
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
    async daySummaries(tenantId, days) {
      const tenant = objectIdOf(tenantId);
      const found = new Map<string, DaySummary>();
      if (!tenant || days.length === 0) return found;
      // dashboard.daySummaries
      const docs = await summaries
        .find({ _id: { $in: days.map((day) => summaryId(tenantId, day)) }, tenantId: tenant })
        .toArray();
      // The token is the count of late facts; -1 when there is no document yet (the seal inserts one).
      for (const day of days) found.set(day, { day, slots: null, token: -1 });
      for (const doc of docs) found.set(doc.day, { day: doc.day, slots: doc.slots ?? null, token: doc.touched ?? 0 });
      return found;
    },
    async sealDay(tenantId, day, slots, seen) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return false;
      const _id = summaryId(tenantId, day);
      if (seen.token < 0)
        return withDocumentLock(_id.toHexString(), () => summaries.insertOne({ _id, tenantId: tenant, day, slots, touched: 0 }))
          .then(() => true)
          .catch((error: unknown) => (isDuplicateKey(error) ? false : Promise.reject(error)));
      const result = await withDocumentLock(_id.toHexString(), () =>
        // dashboard.sealDay
        summaries.updateOne({ _id, tenantId: tenant, touched: seen.token, slots: { $exists: false } }, { $set: { slots } }),
      );
      return result.modifiedCount === 1;
    },
  };
}
