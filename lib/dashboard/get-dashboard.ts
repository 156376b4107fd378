import { localDayRange } from "@/lib/dashboard/day-range";
import { type DashboardView, NOT_REVENUE, PAYMENT_STATES, type PaymentState, type RecentOrder } from "@/lib/dashboard/schemas";
import { latestOrderVersions } from "@/lib/storage/latest-order-versions";
import type { OrderFact, PaymentFact } from "@/lib/storage/ports/dashboard";
import { getStorage } from "@/lib/storage/registry";

const RECENT_ORDERS = 10;
// A payment id's current status is its most advanced one, whatever order its records arrived in.
const PAYMENT_RANK: Record<string, number> = { pending: 0, failed: 1, paid: 2, refunded: 3 };

function paymentCounts(facts: PaymentFact[]): Record<PaymentState, number> {
  const current = new Map<string, PaymentFact>();
  for (const fact of facts) {
    const known = current.get(fact.paymentId);
    if (!known || (PAYMENT_RANK[fact.status] ?? 0) > (PAYMENT_RANK[known.status] ?? 0)) current.set(fact.paymentId, fact);
  }
  const counts = Object.fromEntries(PAYMENT_STATES.map((s) => [s, 0])) as Record<PaymentState, number>;
  for (const payment of current.values()) if (payment.status in counts) counts[payment.status as PaymentState] += 1;
  return counts;
}

/**
 * The live dashboard for today, in the store's time zone or (when it has none) the viewer's
 * `viewerTz`: KPIs from the day's facts in the read model, and the newest orders, whose current
 * state (status, payment) is read from the orders themselves.
 */
export async function getDashboard(tenantId: string, viewerTz: string, now = new Date()): Promise<DashboardView> {
  const store = await getStorage().tenantSettings.get(tenantId);
  const tz = store?.timeZone ?? viewerTz;
  const { start, end } = localDayRange(tz, now);
  const dashboard = getStorage().dashboard;
  const [facts, newest] = await Promise.all([
    dashboard.factsIn(tenantId, start, end),
    dashboard.recentOrders(tenantId, end, RECENT_ORDERS),
  ]);
  const today = [...latestOrderVersions(facts.orders).values()];
  const revenue = new Map<string, number>();
  for (const order of today)
    if (!NOT_REVENUE.has(order.status)) revenue.set(order.currency, (revenue.get(order.currency) ?? 0) + order.amount);

  return {
    tz,
    tzOf: store?.timeZone ? "store" : "viewer",
    currency: store?.currency ?? "USD",
    day: { start: start.toISOString(), end: end.toISOString() },
    kpis: {
      orders: today.length,
      revenue: [...revenue.entries()]
        .map(([currency, amount]) => ({ currency, amount: Math.round(amount * 100) / 100 }))
        .sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency)),
      payments: paymentCounts(facts.payments),
    },
    recentOrders: await Promise.all(newest.map((fact) => currentOrder(tenantId, fact))),
  };
}

/** The order as it is now (by its id: cheap on any database); the fact if it cannot be read. */
async function currentOrder(tenantId: string, fact: OrderFact): Promise<RecentOrder> {
  const own = await getStorage().orders.findOrder(tenantId, fact.orderId);
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
