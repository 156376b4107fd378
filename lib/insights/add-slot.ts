import type { HourSlot } from "@/lib/storage/ports/dashboard";

/** Adds `slot` into `into` (field by field). */
export function addSlot(into: HourSlot, slot: HourSlot): HourSlot {
  into.orders += slot.orders;
  for (const [currency, amount] of Object.entries(slot.revenue)) into.revenue[currency] = (into.revenue[currency] ?? 0) + amount;
  for (const [status, count] of Object.entries(slot.payments)) into.payments[status] = (into.payments[status] ?? 0) + count;
  return into;
}
