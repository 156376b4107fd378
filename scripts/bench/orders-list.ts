import { MongoClient, ObjectId } from "mongodb";
import { utcDayKey } from "@/lib/dashboard/day-range";
import type { OrderInsights } from "@/lib/insights/schemas";
import { encodeOrderCursor } from "@/lib/orders/schemas";
import { orderDocument } from "@/lib/storage/common/order-document";
import { startEmbeddedDb } from "@/lib/storage/database/embedded";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import type { StorageKind } from "@/lib/storage/ports";
import { startApp, tempDir } from "../../tests/support/app-process";
import { api, type Session, signUp } from "../../tests/support/http";
import { type LatencyStats, sampleLatency } from "./stats";

// `npm run bench -- orders-list [--samples 100] [--storage embedded|mongodb]` (issue 16): the
// orders list over HTTP (session and membership checks included) for a tenant holding 10k, then
// one holding 100k orders, on the embedded database: the first page, a filtered and searched page,
// and a page from the middle. Targets: p95 ≤ 60 ms, p95(100k) / p95(10k) ≤ 2. Beside it, in the
// same run, the obvious query — the tenant's newest 50 by createdAt — on the same collection. The
// first list after a start reads the tenant's rows (embedded adapter): reported apart, as `coldMs`.
// Then the charts (GET /api/insights/orders): the 90-day read the first time, when every closed day
// is summed from its facts and sealed (`chart90dColdMs`), and then each time after (`chart90d`),
// and the 24-hour one (`chart24h`).

type Stats = LatencyStats;
const names = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson", "Edsger Dijkstra", "Barbara Liskov"];
const statuses = ["pending", "paid", "processing", "shipped", "delivered", "cancelled"];

/** Orders as the adapters store them (common/order-document.ts), a minute apart, in large batches: seeding is not measured. */
async function seed(mongo: MongoClient, tenantId: string, count: number, kind: StorageKind) {
  const tenant = new ObjectId(tenantId);
  const start = Date.now() - count * 60_000;
  for (let from = 0; from < count; from += 2000) {
    const docs = [];
    for (let i = from; i < Math.min(from + 2000, count); i += 1) {
      const name = `${names[i % names.length]} ${i}`;
      docs.push(
        orderDocument.fromNew(
          new ObjectId(),
          tenant,
          {
            orderNumber: `#${100000 + i}`,
            customerName: name,
            customerEmail: `customer${i}@example.com`,
            amount: (i % 500) + 0.99,
            currency: "USD",
            status: statuses[i % statuses.length] as string,
            items: [{ productId: `p${i % 40}`, productName: "Notebook", quantity: 1, price: (i % 500) + 0.99 }],
            metadata: {},
          },
          new Date(start + i * 60_000),
        ),
      );
    }
    await mongo.db().collection("orders").insertMany(docs, { ordered: false });
    await seedFacts(mongo, tenantId, docs, kind);
  }
  return start;
}

/**
 * The orders' dashboard facts, written straight into each adapter's layout (lib/storage/<kind>/
 * dashboard.ts) in large batches: through the port, each of these facts of past days would also
 * reopen its day's summary, one write each, which is what a late fact costs but not what is measured.
 */
async function seedFacts(
  mongo: MongoClient,
  tenantId: string,
  docs: ReturnType<typeof orderDocument.fromNew>[],
  kind: StorageKind,
) {
  const logDb = mongo.db(logDatabaseName(mongo.db().databaseName));
  const facts = docs.map((doc) => ({
    _id: new ObjectId(),
    k: "o" as const,
    orderId: doc._id.toHexString(),
    v: 0,
    orderNumber: doc.orderNumber,
    customerName: doc.customerName,
    amount: doc.amount,
    currency: doc.currency,
    status: doc.status,
    createdAt: doc.createdAt as Date,
    at: doc.createdAt as Date,
  }));
  if (kind === "mongodb") {
    await logDb.collection("dashboard_facts").insertMany(
      facts.map((fact) => ({ ...fact, tenantId: new ObjectId(tenantId) })),
      { ordered: false },
    );
    return;
  }
  const byDay = new Map<string, typeof facts>();
  for (const fact of facts) {
    const day = utcDayKey(fact.createdAt);
    byDay
      .set(day, byDay.get(day) ?? [])
      .get(day)
      ?.push(fact);
  }
  for (const [day, dayFacts] of byDay) {
    await logDb.collection(`dash_${tenantId}_${day}`).insertMany(dayFacts, { ordered: false });
    await logDb
      .collection<{ _id: string }>(`dash_${tenantId}_days`)
      .insertOne({ _id: day })
      .catch(() => undefined);
  }
}

async function getChart(session: Session, range: string): Promise<OrderInsights> {
  const response = await api(session, `/api/insights/orders?range=${range}&tz=UTC`);
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as OrderInsights;
}

async function getPage(session: Session, query: string): Promise<{ orders: unknown[]; nextCursor: string | null }> {
  const response = await api(session, `/api/orders?${query}`);
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as { orders: unknown[]; nextCursor: string | null };
}

export async function benchOrdersList(options: { samples: number; storage?: StorageKind }) {
  const kind = options.storage ?? "embedded";
  const dataDir = tempDir("bench-orders-list");
  const embedded = await startEmbeddedDb({ dataDir, advertise: false });
  const uri = withDatabaseName(embedded.uri, "pulseboard_bench");
  const app = await startApp({ env: { MONGODB_URI: uri, STORAGE: kind } });
  const mongo = await MongoClient.connect(uri);
  try {
    const results: Record<string, Record<string, Stats | number>> = {};
    for (const size of (process.env.SIZES ?? "10000,100000").split(",").map(Number)) {
      // A tenant of its own per size: its orders are all in the database before its first list.
      const session = await signUp(app.baseUrl);
      const t0 = performance.now();
      const seededFrom = await seed(mongo, session.tenantId, size, kind);
      console.error(`seeded ${size} orders in ${Math.round(performance.now() - t0)} ms`);
      const c0 = performance.now();
      const first = await getPage(session, "limit=50");
      const coldMs = Math.round(performance.now() - c0);
      if (first.orders.length !== 50 || !first.nextCursor)
        throw new Error(`expected a full first page, got ${first.orders.length}`);
      // A cursor half-way down the list (orders are a minute apart, the newest a minute ago).
      const middle = encodeOrderCursor({ createdAt: new Date(seededFrom + (size / 2) * 60_000), id: "f".repeat(24) });
      const samples = kind === "embedded" ? options.samples : Math.min(options.samples, 5);
      const firstPage = await sampleLatency(samples, () => getPage(session, "limit=50"));
      const filtered = await sampleLatency(samples, async () => {
        const page = await getPage(session, "limit=50&status=shipped&paymentStatus=none&q=kath");
        if (page.orders.length === 0) throw new Error("the filtered page was empty");
      });
      const searchedRare = await sampleLatency(samples, () =>
        getPage(session, `limit=50&q=${encodeURIComponent(`#${100000 + Math.floor(size / 3)}`)}`),
      );
      const middlePage = await sampleLatency(samples, async () => {
        const page = await getPage(session, `limit=50&cursor=${middle}`);
        if (page.orders.length !== 50) throw new Error(`the middle page had ${page.orders.length}`);
      });
      const orders = mongo.db().collection("orders");
      const tenant = new ObjectId(session.tenantId);
      const naive = await sampleLatency(3, () => orders.find({ tenantId: tenant }).sort({ createdAt: -1 }).limit(50).toArray());
      const h0 = performance.now();
      const chart = await getChart(session, "90d");
      const chart90dColdMs = Math.round(performance.now() - h0);
      if (chart.totals.orders !== size) throw new Error(`the 90-day chart counted ${chart.totals.orders} of ${size} orders`);
      const chart90d = await sampleLatency(samples, () => getChart(session, "90d"));
      const chart24h = await sampleLatency(samples, () => getChart(session, "24h"));
      results[`${size / 1000}k`] = {
        coldMs,
        firstPage,
        filtered,
        searchedRare,
        middlePage,
        naiveQuery: naive,
        chart90dColdMs,
        chart90d,
        chart24h,
      };
      console.error(`${size}: ${JSON.stringify(results[`${size / 1000}k`])}`);
    }
    const [small, large] = [results["10k"], results["100k"]];
    const ratio = (key: string) =>
      small && large ? Math.round(((large[key] as Stats).p95 / (small[key] as Stats).p95) * 100) / 100 : null;
    return {
      machine: "2 cores, embedded FerretDB v1.24 (SQLite), Node 20",
      storage: kind,
      query:
        "GET /api/orders: first page of 50; status + payment status + search; a rare order number; a page from the middle. GET /api/insights/orders: 90 days (first read, then each time), 24 hours",
      results,
      p95Ratio100kTo10k: {
        firstPage: ratio("firstPage"),
        filtered: ratio("filtered"),
        searchedRare: ratio("searchedRare"),
        middlePage: ratio("middlePage"),
        naiveQuery: ratio("naiveQuery"),
        chart90d: ratio("chart90d"),
        chart24h: ratio("chart24h"),
      },
      target: "p95 ≤ 60 ms and p95(100k) / p95(10k) ≤ 2 (embedded)",
    };
  } finally {
    await mongo.close();
    await app.stop();
    await embedded.stop();
  }
}
