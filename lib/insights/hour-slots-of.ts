import { NOT_REVENUE } from "@/lib/dashboard/schemas";
import { emptySlot } from "@/lib/insights/empty-slot";
import { latestOrderVersions } from "@/lib/storage/latest-order-versions";
import type { HourSlot, OrderFact, PaymentFact } from "@/lib/storage/ports/dashboard";

const HOUR_MS = 3_600_000;

/**
 * A UTC day's 24 hourly slots from its facts: each order (at its newest version) in the hour it was
 * created, each payment record in the hour it arrived. Facts outside the day are ignored.
 */
export function hourSlotsOf(dayStart: Date, facts: { orders: OrderFact[]; payments: PaymentFact[] }): HourSlot[] {
  const slots = Array.from({ length: 24 }, emptySlot);
  const slotOf = (at: Date) => slots[Math.floor((at.getTime() - dayStart.getTime()) / HOUR_MS)];
  for (const order of latestOrderVersions(facts.orders).values()) {
    const slot = slotOf(order.createdAt);
    if (!slot) continue;
    slot.orders += 1;
    if (!NOT_REVENUE.has(order.status)) slot.revenue[order.currency] = (slot.revenue[order.currency] ?? 0) + order.amount;
  }
  for (const payment of facts.payments) {
    const slot = slotOf(payment.at);
    if (slot) slot.payments[payment.status] = (slot.payments[payment.status] ?? 0) + 1;
  }
  return slots;
}
