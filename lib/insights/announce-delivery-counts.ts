import { emitToTenant } from "@/lib/realtime/emit";

/** Open deliveries charts refetch (`dashboard-refresh`, topic "deliveries"): at most once per flush. */
export function announceDeliveryCounts(tenantId: string): void {
  emitToTenant(tenantId, "dashboard-refresh", { tenantId, reason: "deliveries.counted" });
}
