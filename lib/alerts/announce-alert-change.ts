import { emitToTenant } from "@/lib/realtime/emit";

/** Open Alerts pages refetch (`dashboard-refresh`, topic "alerts"). */
export function announceAlertChange(tenantId: string, alertId: string, change: "alert.opened" | "alert.resolved"): void {
  emitToTenant(tenantId, "dashboard-refresh", { tenantId, reason: change, ids: { alertId } });
}
