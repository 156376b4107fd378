import type { OrderFact } from "@/lib/storage/ports/dashboard";

/** Each order's newest version among the facts (adds to `into`). */
export function latestOrderVersions(facts: Iterable<OrderFact>, into = new Map<string, OrderFact>()): Map<string, OrderFact> {
  for (const fact of facts) {
    const known = into.get(fact.orderId);
    if (!known || fact.v > known.v) into.set(fact.orderId, fact);
  }
  return into;
}

/** Newest first by creation, ties by order number (the dashboard's recent-orders order). */
export const newestOrderFirst = (a: OrderFact, b: OrderFact) =>
  +b.createdAt - +a.createdAt || b.orderNumber.localeCompare(a.orderNumber);
