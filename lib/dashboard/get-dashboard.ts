import { localDayRange, utcDayKeys } from "@/lib/dashboard/day-range";
import { type DashboardView, PAYMENT_STATES, type PaymentState, type RecentOrder } from "@/lib/dashboard/schemas";
import {
  type DashboardFact,
  dashboardDayCollection,
  dashboardDaysCollection,
  type OrderFact,
  type PaymentFact,
} from "@/models/dashboard-fact";
import { Order } from "@/models/order";

const RECENT_ORDERS = 10;
// The recent-orders table looks back over this many of the tenant's active days at most, a few at a time.
const LOOKBACK_DAYS = 60;
const LOOKBACK_CHUNK = 7;
const NOT_REVENUE = new Set(["cancelled", "failed", "refunded"]);
// A payment id's current status is its most advanced one, whatever order its records arrived in.
const PAYMENT_RANK: Record<string, number> = { pending: 0, failed: 1, paid: 2, refunded: 3 };

async function readBuckets(tenantId: string, dayKeys: string[]): Promise<DashboardFact[]> {
  const buckets = await Promise.all(dayKeys.map((key) => dashboardDayCollection(tenantId, key).find({}).toArray()));
  return buckets.flat() as DashboardFact[];
}

/** Each order's newest version among the facts. */
function latestOrders(facts: DashboardFact[], into = new Map<string, OrderFact>()): Map<string, OrderFact> {
  for (const fact of facts) {
    if (fact.k !== "o") continue;
    const known = into.get(fact.orderId);
    if (!known || fact.v > known.v) into.set(fact.orderId, fact);
  }
  return into;
}

function paymentCounts(facts: DashboardFact[], start: Date, end: Date): Record<PaymentState, number> {
  const current = new Map<string, PaymentFact>();
  for (const fact of facts) {
    if (fact.k !== "p" || fact.at < start || fact.at >= end) continue;
    const known = current.get(fact.paymentId);
    if (!known || (PAYMENT_RANK[fact.status] ?? 0) > (PAYMENT_RANK[known.status] ?? 0)) current.set(fact.paymentId, fact);
  }
  const counts = Object.fromEntries(PAYMENT_STATES.map((s) => [s, 0])) as Record<PaymentState, number>;
  for (const payment of current.values()) if (payment.status in counts) counts[payment.status as PaymentState] += 1;
  return counts;
}

/**
 * The live dashboard for the viewer's day in `tz`: KPIs from the day's one or two UTC buckets, and
 * the newest orders, whose current state (status, payment) is read from the orders themselves.
 */
export async function getDashboard(tenantId: string, tz: string, now = new Date()): Promise<DashboardView> {
  const { start, end } = localDayRange(tz, now);
  const todayKeys = utcDayKeys(start, end);
  const [facts, listedDays] = await Promise.all([
    readBuckets(tenantId, todayKeys),
    dashboardDaysCollection(tenantId).find({}).toArray(),
  ]);
  const orders = latestOrders(facts);

  const today = [...orders.values()].filter((o) => o.createdAt >= start && o.createdAt < end);
  const revenue = new Map<string, number>();
  for (const order of today)
    if (!NOT_REVENUE.has(order.status)) revenue.set(order.currency, (revenue.get(order.currency) ?? 0) + order.amount);

  // Newest orders: today's buckets first, then the tenant's earlier active days until the table is full.
  const earlier = listedDays
    .map((day) => day._id)
    .filter((key) => key < (todayKeys[0] ?? ""))
    .sort()
    .reverse()
    .slice(0, LOOKBACK_DAYS);
  for (let from = 0; orders.size < RECENT_ORDERS && from < earlier.length; from += LOOKBACK_CHUNK)
    latestOrders(await readBuckets(tenantId, earlier.slice(from, from + LOOKBACK_CHUNK)), orders);
  const newest = [...orders.values()]
    .filter((o) => o.createdAt < end)
    .sort((a, b) => +b.createdAt - +a.createdAt || b.orderNumber.localeCompare(a.orderNumber))
    .slice(0, RECENT_ORDERS);

  return {
    tz,
    day: { start: start.toISOString(), end: end.toISOString() },
    kpis: {
      orders: today.length,
      revenue: [...revenue.entries()]
        .map(([currency, amount]) => ({ currency, amount: Math.round(amount * 100) / 100 }))
        .sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency)),
      payments: paymentCounts(facts, start, end),
    },
    recentOrders: await Promise.all(newest.map((fact) => currentOrder(tenantId, fact))),
  };
}

/** The order as it is now (by its _id: cheap on any database); the fact if it cannot be read. */
async function currentOrder(tenantId: string, fact: OrderFact): Promise<RecentOrder> {
  const order = await Order.findById(fact.orderId, { statusHistory: 0, items: 0, metadata: 0, payments: 0 }).lean();
  const own = order && String(order.tenantId) === tenantId ? order : null;
  return {
    id: fact.orderId,
    orderNumber: fact.orderNumber,
    customerName: fact.customerName,
    amount: fact.amount,
    currency: fact.currency,
    status: own?.status ?? fact.status,
    paymentStatus: own?.paymentStatus ?? null,
    createdAt: fact.createdAt.toISOString(),
  };
}
