import type { OrderFact } from "@/lib/storage/ports/dashboard";
import { getStorage } from "@/lib/storage/registry";

export type OrderVersion = OrderFact;

/** Adds one version of an order to the dashboard's read model; idempotent per order and version. */
export async function recordOrderFact(tenantId: string, order: OrderVersion): Promise<void> {
  await getStorage().dashboard.recordOrderVersion(tenantId, order);
}
