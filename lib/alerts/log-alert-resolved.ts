import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { announceAlertChange } from "@/lib/alerts/announce-alert-change";
import type { Alert } from "@/lib/storage/ports/alerts";

/** A resolved alert in the activity log, and on open Alerts pages. */
export async function logAlertResolved(
  tenantId: string,
  alert: Alert,
  actor: ActivityEntry["actor"],
  why: string,
): Promise<void> {
  announceAlertChange(tenantId, alert.id, "alert.resolved");
  await logActivity(tenantId, {
    kind: "alert.resolved",
    actor,
    summary: `Alert resolved: ${alert.title} — ${why}`,
    refs: { alertId: alert.id, alertKind: alert.kind, subject: alert.subject },
    before: { state: "open" },
    after: { state: "resolved" },
  });
}
