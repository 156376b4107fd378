import { PAYMENT_STATES, type PaymentState } from "@/lib/dashboard/schemas";
import { addSlot } from "@/lib/insights/add-slot";
import { emptySlot } from "@/lib/insights/empty-slot";
import { type Bucket, insightBuckets } from "@/lib/insights/insight-buckets";
import { readHourSlots } from "@/lib/insights/read-hour-slots";
import type { InsightRange, OrderInsights } from "@/lib/insights/schemas";
import type { HourSlot } from "@/lib/storage/ports/dashboard";
import { getStorage } from "@/lib/storage/registry";

const HOUR_MS = 3_600_000;
const cents = (amount: number) => Math.round(amount * 100) / 100;

/** The slots of the hours that start in the bucket, summed. */
function sumOf(bucket: Bucket, slots: Map<number, HourSlot>): HourSlot {
  const total = emptySlot();
  const first = Math.ceil(bucket.start.getTime() / HOUR_MS) * HOUR_MS;
  for (let at = first; at < bucket.end.getTime(); at += HOUR_MS) {
    const slot = slots.get(at);
    if (slot) addSlot(total, slot);
  }
  return total;
}

const paymentsOf = (slot: HourSlot) =>
  Object.fromEntries(PAYMENT_STATES.map((state) => [state, slot.payments[state] ?? 0])) as Record<PaymentState, number>;

/**
 * Orders, revenue and payment outcomes over a range, bucket by bucket beside the period before,
 * in the store's time zone and currency (the viewer's `viewerTz` when the store has no zone). Read
 * from hourly slots (sealed day summaries), never from the orders themselves.
 */
export async function getOrderInsights(
  tenantId: string,
  range: InsightRange,
  viewerTz: string,
  now = new Date(),
): Promise<OrderInsights> {
  const store = await getStorage().tenantSettings.get(tenantId);
  const tz = store?.timeZone ?? viewerTz;
  const currency = store?.currency ?? "USD";
  const { granularity, current, previous } = insightBuckets(range, tz, now);
  const first = previous[0] ?? current[0];
  const last = current.at(-1);
  const slots = first && last ? await readHourSlots(tenantId, first.start, last.end, now) : new Map<number, HourSlot>();

  const total = emptySlot();
  const previousTotal = emptySlot();
  const points = current.map((bucket, i) => {
    const sum = sumOf(bucket, slots);
    const before = previous[i] ? sumOf(previous[i], slots) : emptySlot();
    addSlot(total, sum);
    addSlot(previousTotal, before);
    return {
      start: bucket.start.toISOString(),
      end: bucket.end.toISOString(),
      orders: sum.orders,
      revenue: cents(sum.revenue[currency] ?? 0),
      previous: {
        start: (previous[i] ?? bucket).start.toISOString(),
        orders: before.orders,
        revenue: cents(before.revenue[currency] ?? 0),
      },
      payments: paymentsOf(sum),
    };
  });
  return {
    range,
    granularity,
    tz,
    tzOf: store?.timeZone ? "store" : "viewer",
    currency,
    points,
    totals: {
      orders: total.orders,
      revenue: cents(total.revenue[currency] ?? 0),
      previousOrders: previousTotal.orders,
      previousRevenue: cents(previousTotal.revenue[currency] ?? 0),
      otherRevenue: Object.entries(total.revenue)
        .filter(([code]) => code !== currency)
        .map(([code, amount]) => ({ currency: code, amount: cents(amount) }))
        .sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency)),
      payments: paymentsOf(total),
    },
  };
}
