import { derivedId } from "@/lib/db/derived-id";
import { insertBatchedRaw } from "@/lib/db/insert-batched";
import { isDuplicateKey } from "@/lib/errors-db";
import { dashboardDayCollection, type OrderFact, utcDayKey } from "@/models/dashboard-fact";

export type OrderVersion = Omit<OrderFact, "_id" | "k" | "at">;

/**
 * Adds one version of an order to the dashboard's read model (the bucket of its creation day).
 * Idempotent: a version is stored once under its derived id, whoever records it.
 */
export async function recordOrderFact(tenantId: string, order: OrderVersion): Promise<void> {
  const fact: OrderFact = {
    _id: derivedId("dash-order", tenantId, order.orderId, String(order.v)),
    k: "o",
    ...order,
    at: new Date(),
  };
  await insertBatchedRaw(dashboardDayCollection(tenantId, utcDayKey(order.createdAt)), fact).catch((error: unknown) =>
    isDuplicateKey(error) ? undefined : Promise.reject(error),
  );
}
