import type { AlertView } from "@/lib/alerts/schemas";
import { toAlertView } from "@/lib/alerts/to-alert-view";
import { getStorage } from "@/lib/storage/registry";

/** The tenant's alerts, open ones first, each with what to do. */
export async function listAlerts(tenantId: string): Promise<AlertView[]> {
  return (await getStorage().alerts.list(tenantId)).map(toAlertView);
}
