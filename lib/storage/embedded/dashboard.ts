import { type Collection, type Db, type Document, ObjectId } from "mongodb";
import { getLogger } from "@/lib/logger";
import {
  type OrderFactDocument,
  type PaymentFactDocument,
  toOrderFact,
  toPaymentFact,
} from "@/lib/storage/common/dashboard-fact-document";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import { derivedId } from "@/lib/storage/embedded/derived-id";
import { insertBatchedRaw, serialWrite } from "@/lib/storage/embedded/insert-batched";
import { isDuplicateKey } from "@/lib/storage/errors";
import { latestOrderVersions, newestOrderFirst } from "@/lib/storage/latest-order-versions";
import type { DashboardPort, OrderFact } from "@/lib/storage/ports/dashboard";

// The dashboard's facts in small per-tenant, per-UTC-day collections (`dash_<tenant>_<YYYYMMDD>`),
// each read whole: FerretDB v1 pushes down no filter but `{_id}`, so "orders today" cannot be a range
// query on a collection that grows with every tenant's history. `dash_<tenant>_days` lists the days
// that have a bucket (`_id` = day key), so the recent-orders walk finds earlier days without probing
// each one. Buckets older than RETAIN_DAYS are dropped once a day, so their number stays bounded.

type OrderDoc = OrderFactDocument;
type PaymentDoc = PaymentFactDocument;
type Doc = OrderDoc | PaymentDoc;

const DAY_MS = 86_400_000;
export const RETAIN_DAYS = 400;
// The recent-orders walk looks back over this many of the tenant's active days at most, a few at a time.
const LOOKBACK_DAYS = 60;
const LOOKBACK_CHUNK = 7;
// Days this process has already listed in a tenant's day index: one insert per tenant and day, not
// per event. Bounded: forgetting only costs a duplicate insert, which is ignored.
const MAX_LISTED = 10_000;

/** `20261202` for a date's UTC day. */
const dayKeyOf = (date: Date) => date.toISOString().slice(0, 10).replaceAll("-", "");

/** The UTC day keys a range [start, end) touches, oldest first. */
function dayKeysOf(start: Date, end: Date): string[] {
  const keys: string[] = [];
  for (let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); t < end.getTime(); t += DAY_MS)
    keys.push(dayKeyOf(new Date(t)));
  return keys;
}

const ignoreDuplicate = (error: unknown) => (isDuplicateKey(error) ? undefined : Promise.reject(error));

const toOrder = toOrderFact;
const toPayment = toPaymentFact;

export function createEmbeddedDashboard(db: Db): DashboardPort & { retire: (now?: Date) => Promise<number> } {
  const logDb = db.client.db(logDatabaseName(db.databaseName));
  const bucket = (tenantId: string, dayKey: string) => logDb.collection<Doc & Document>(`dash_${tenantId}_${dayKey}`);
  const days = (tenantId: string) => logDb.collection<{ _id: string } & Document>(`dash_${tenantId}_days`);
  const listedDays = new Set<string>();

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

  const valid = (tenantId: string) => /^[0-9a-f]{24}$/.test(tenantId);

  return {
    async recordOrderVersion(tenantId, fact) {
      if (!valid(tenantId)) return;
      const _id = derivedId("dash-order", tenantId, fact.orderId, String(fact.v));
      await record(tenantId, dayKeyOf(fact.createdAt), { _id, k: "o", ...fact, at: new Date() });
    },
    async recordPayment(tenantId, recordId, fact) {
      if (!valid(tenantId) || !/^[0-9a-f]{24}$/i.test(recordId)) return;
      await record(tenantId, dayKeyOf(fact.at), { _id: new ObjectId(recordId), k: "p", ...fact });
    },
    async factsIn(tenantId, start, end) {
      if (!valid(tenantId)) return { orders: [], payments: [] };
      const facts = await readBuckets(tenantId, dayKeysOf(start, end));
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
      for (let from = 0; complete() < limit && from < listed.length; from += LOOKBACK_CHUNK) {
        const facts = await readBuckets(tenantId, listed.slice(from, from + LOOKBACK_CHUNK));
        latestOrderVersions(facts.filter((f): f is OrderDoc => f.k === "o").map(toOrder), latest);
      }
      return [...latest.values()]
        .filter((o) => o.createdAt < before)
        .sort(newestOrderFirst)
        .slice(0, limit);
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
        listedDays.delete(`${tenantId}:${dayKey}`);
        dropped += 1;
      }
      return dropped;
    },
  };
}
