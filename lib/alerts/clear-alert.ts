import type { ActivityEntry } from "@/lib/activity/log-activity";
import { alertActorOf } from "@/lib/alerts/alert-actor-of";
import { logAlertResolved } from "@/lib/alerts/log-alert-resolved";
import type { Alert } from "@/lib/storage/ports/alerts";
import { getStorage } from "@/lib/storage/registry";

/** The condition behind an alert cleared (the endpoint delivers again, was re-enabled…): resolves it if open. */
export async function clearAlert(
  tenantId: string,
  alert: Pick<Alert, "kind" | "subject">,
  actor: ActivityEntry["actor"],
  why: string,
): Promise<void> {
  const resolved = await getStorage().alerts.resolveOpen(tenantId, alert.kind, alert.subject, alertActorOf(actor), new Date());
  if (resolved) await logAlertResolved(tenantId, resolved, actor, why);
}
