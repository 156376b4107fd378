import { recordFact } from "@/lib/dashboard/record-fact";
import { derivedId } from "@/lib/db/derived-id";
import { type OrderFact, utcDayKey } from "@/models/dashboard-fact";

export type OrderVersion = Omit<OrderFact, "_id" | "k" | "at">;

/**
 * Adds one version of an order to the dashboard's read model (the bucket of its creation day).
 * Idempotent: a version is stored once under its derived id, whoever records it.
 */
export async function recordOrderFact(tenantId: string, order: OrderVersion): Promise<void> {
  const _id = derivedId("dash-order", tenantId, order.orderId, String(order.v));
  await recordFact(tenantId, utcDayKey(order.createdAt), { _id, k: "o", ...order, at: new Date() });
}
