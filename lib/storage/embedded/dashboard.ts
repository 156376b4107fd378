import { type Collection, type Db, type Document, ObjectId } from "mongodb";
import { utcDayKey, utcDayKeys } from "@/lib/dashboard/day-range";
import { getLogger } from "@/lib/logger";
import {
  type OrderFactDocument,
  type PaymentFactDocument,
  toOrderFact,
  toPaymentFact,
} from "@/lib/storage/common/dashboard-fact-document";
import { isPastDay } from "@/lib/storage/common/past-day";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import { derivedId } from "@/lib/storage/embedded/derived-id";
import { insertBatchedRaw, serialWrite } from "@/lib/storage/embedded/insert-batched";
import { isDuplicateKey } from "@/lib/storage/errors";
import { latestOrderVersions, newestOrderFirst } from "@/lib/storage/latest-order-versions";
import type { DashboardPort, DaySummary, HourSlot, OrderFact } from "@/lib/storage/ports/dashboard";

// The dashboard's facts in small per-tenant, per-UTC-day collections (`dash_<tenant>_<YYYYMMDD>`),
// each read whole: FerretDB v1 pushes down no filter but `{_id}`, so "orders today" cannot be a range
// query on a collection that grows with every tenant's history. `dash_<tenant>_days` lists the days
// that have a bucket (`_id` = day key), so the recent-orders walk finds earlier days without probing
// each one. Buckets older than RETAIN_DAYS are dropped once a day, so their number stays bounded.
// The charts' sealed day summaries sit in `dash_<tenant>_sealed` (`_id` = day key, at most
// RETAIN_DAYS of them, retired with the buckets): a late fact (one for a day that is over) unsets
// its day's slots and counts itself in `touched`, and a seal is a compare-and-set on that count, as
// on the mongodb adapter. Not in memory: the CLI and tests write to the same database too.

type OrderDoc = OrderFactDocument;
type PaymentDoc = PaymentFactDocument;
type Doc = OrderDoc | PaymentDoc;
type SealedDoc = { _id: string; slots?: HourSlot[]; touched: number };

const DAY_MS = 86_400_000;
export const RETAIN_DAYS = 400;
// The recent-orders walk looks back over this many of the tenant's active days at most: today
// alone first (a busy store's newest orders are all in it), then twice as many days each step.
const LOOKBACK_DAYS = 60;
const LOOKBACK_CHUNK = 8;
// Days this process has already listed in a tenant's day index: one insert per tenant and day, not
// per event. Bounded: forgetting only costs a duplicate insert, which is ignored.
const MAX_LISTED = 10_000;

const dayKeyOf = utcDayKey;
const dayKeysOf = utcDayKeys;

const ignoreDuplicate = (error: unknown) => (isDuplicateKey(error) ? undefined : Promise.reject(error));

const toOrder = toOrderFact;
const toPayment = toPaymentFact;

export function createEmbeddedDashboard(db: Db): DashboardPort & { retire: (now?: Date) => Promise<number> } {
  const logDb = db.client.db(logDatabaseName(db.databaseName));
  const bucket = (tenantId: string, dayKey: string) => logDb.collection<Doc & Document>(`dash_${tenantId}_${dayKey}`);
  const days = (tenantId: string) => logDb.collection<{ _id: string } & Document>(`dash_${tenantId}_days`);
  const sealed = (tenantId: string) => logDb.collection<SealedDoc>(`dash_${tenantId}_sealed`);
  const listedDays = new Set<string>();

  /** A fact for a day that is over: that day's summary, if sealed, no longer holds it. */
  async function unseal(tenantId: string, at: Date): Promise<void> {
    if (!isPastDay(at)) return;
    await serialWrite(
      () => sealed(tenantId).updateOne({ _id: dayKeyOf(at) }, { $inc: { touched: 1 }, $unset: { slots: "" } }, { upsert: true }),
      "effect",
      logDb.databaseName,
    );
  }

  async function record(tenantId: string, dayKey: string, fact: Doc): Promise<void> {
    const writes = [insertBatchedRaw(bucket(tenantId, dayKey) as unknown as Collection<Document>, fact).catch(ignoreDuplicate)];
    const listed = `${tenantId}:${dayKey}`;
    if (!listedDays.has(listed)) {
      writes.push(
        insertBatchedRaw(days(tenantId) as unknown as Collection<Document>, { _id: dayKey })
          .catch(ignoreDuplicate)
          .then(() => {
            if (listedDays.size >= MAX_LISTED) listedDays.clear();
            listedDays.add(listed);
          }),
      );
    }
    await Promise.all(writes);
  }

  async function readBuckets(tenantId: string, dayKeys: string[]): Promise<Doc[]> {
    const read = await Promise.all(dayKeys.map((key) => bucket(tenantId, key).find({}).toArray()));
    return read.flat() as Doc[];
  }

  /**
   * The days among `keys` that have a bucket, by the tenant's day index, so a range of quiet days
   * costs one read rather than one per day. A day's first fact and its index entry are written side
   * by side, so the last two days are read whatever the index says.
   */
  async function bucketsToRead(tenantId: string, keys: string[]): Promise<string[]> {
    if (keys.length <= 2) return keys;
    const recent = dayKeyOf(new Date(Date.now() - DAY_MS));
    const listed = new Set((await days(tenantId).find({}).toArray()).map((day) => day._id));
    return keys.filter((key) => key >= recent || listed.has(key));
  }

  const valid = (tenantId: string) => /^[0-9a-f]{24}$/.test(tenantId);

  return {
    async recordOrderVersion(tenantId, fact) {
      if (!valid(tenantId)) return;
      const _id = derivedId("dash-order", tenantId, fact.orderId, String(fact.v));
      await record(tenantId, dayKeyOf(fact.createdAt), { _id, k: "o", ...fact, at: new Date() });
      await unseal(tenantId, fact.createdAt);
    },
    async recordPayment(tenantId, recordId, fact) {
      if (!valid(tenantId) || !/^[0-9a-f]{24}$/i.test(recordId)) return;
      await record(tenantId, dayKeyOf(fact.at), { _id: new ObjectId(recordId), k: "p", ...fact });
      await unseal(tenantId, fact.at);
    },
    async factsIn(tenantId, start, end) {
      if (!valid(tenantId)) return { orders: [], payments: [] };
      const facts = await readBuckets(tenantId, await bucketsToRead(tenantId, dayKeysOf(start, end)));
      return {
        orders: facts
          .filter((f): f is OrderDoc => f.k === "o")
          .map(toOrder)
          .filter((o) => o.createdAt >= start && o.createdAt < end),
        payments: facts
          .filter((f): f is PaymentDoc => f.k === "p")
          .map(toPayment)
          .filter((p) => p.at >= start && p.at < end),
      };
    },
    async recentOrders(tenantId, before, limit) {
      if (!valid(tenantId)) return [];
      const lastKey = dayKeyOf(new Date(before.getTime() - 1));
      const listed = (await days(tenantId).find({}).toArray())
        .map((day) => day._id)
        .filter((key) => key <= lastKey)
        .sort()
        .reverse()
        .slice(0, LOOKBACK_DAYS);
      const latest = new Map<string, OrderFact>();
      const complete = () => [...latest.values()].filter((o) => o.createdAt < before).length;
      for (
        let from = 0, size = 1;
        complete() < limit && from < listed.length;
        from += size, size = Math.min(size * 2, LOOKBACK_CHUNK)
      ) {
        const facts = await readBuckets(tenantId, listed.slice(from, from + size));
        latestOrderVersions(facts.filter((f): f is OrderDoc => f.k === "o").map(toOrder), latest);
      }
      return [...latest.values()]
        .filter((o) => o.createdAt < before)
        .sort(newestOrderFirst)
        .slice(0, limit);
    },
    async daySummaries(tenantId, keys) {
      const found = new Map<string, DaySummary>();
      // The token is the count of late facts; -1 when there is no document yet (the seal inserts one).
      for (const day of keys) found.set(day, { day, slots: null, token: -1 });
      if (!valid(tenantId) || keys.length === 0) return found;
      for (const doc of await sealed(tenantId)
        .find({ _id: { $in: keys } })
        .toArray())
        found.set(doc._id, { day: doc._id, slots: doc.slots ?? null, token: doc.touched ?? 0 });
      return found;
    },
    async sealDay(tenantId, day, slots, seen) {
      if (!valid(tenantId)) return false;
      const write =
        seen.token < 0
          ? () =>
              sealed(tenantId)
                .insertOne({ _id: day, slots, touched: 0 })
                .then(() => true)
                .catch((error: unknown) => (isDuplicateKey(error) ? false : Promise.reject(error)))
          : () =>
              sealed(tenantId)
                .updateOne({ _id: day, touched: seen.token, slots: { $exists: false } }, { $set: { slots } })
                .then((result) => result.modifiedCount === 1);
      return serialWrite(write, "upkeep", logDb.databaseName);
    },
    /** Drops every tenant's buckets older than RETAIN_DAYS (and their day index entries); how many. */
    async retire(now = new Date()) {
      const oldest = dayKeyOf(new Date(now.getTime() - RETAIN_DAYS * DAY_MS));
      const names = await logDb
        .listCollections({ name: { $regex: "^dash_[0-9a-f]{24}_[0-9]{8}$" } }, { nameOnly: true })
        .toArray();
      let dropped = 0;
      for (const { name } of names) {
        const [, tenantId = "", dayKey = ""] = name.split("_");
        if (dayKey >= oldest) continue;
        await serialWrite(() => logDb.collection(name).drop(), "upkeep", logDb.databaseName).catch(() => undefined);
        await serialWrite(() => days(tenantId).deleteOne({ _id: dayKey }), "upkeep", logDb.databaseName).catch((error: unknown) =>
          getLogger().warn({ err: error, tenantId }, "could not unlist a retired dashboard day"),
        );
        await serialWrite(() => sealed(tenantId).deleteOne({ _id: dayKey }), "upkeep", logDb.databaseName).catch(
          (error: unknown) => getLogger().warn({ err: error, tenantId }, "could not retire a sealed dashboard day"),
        );
        listedDays.delete(`${tenantId}:${dayKey}`);
        dropped += 1;
      }
      return dropped;
    },
  };
}
