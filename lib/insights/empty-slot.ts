import { PAYMENT_STATES } from "@/lib/dashboard/schemas";
import type { HourSlot } from "@/lib/storage/ports/dashboard";

/** An hour with nothing in it. */
export function emptySlot(): HourSlot {
  return { orders: 0, revenue: {}, payments: Object.fromEntries(PAYMENT_STATES.map((state) => [state, 0])) };
}
