import type { ActivityEntry } from "@/lib/activity/log-activity";
import { alertActorOf } from "@/lib/alerts/alert-actor-of";
import { logAlertResolved } from "@/lib/alerts/log-alert-resolved";
import type { AlertView } from "@/lib/alerts/schemas";
import { toAlertView } from "@/lib/alerts/to-alert-view";
import { notFound } from "@/lib/errors";
import { getStorage } from "@/lib/storage/registry";

/** An admin marks an open alert resolved (it is in the activity log); 404 when none is open under that id. */
export async function resolveAlert(tenantId: string, alertId: string, actor: ActivityEntry["actor"]): Promise<AlertView> {
  const by = alertActorOf(actor);
  const alert = await getStorage().alerts.resolve(tenantId, alertId, by, new Date());
  if (!alert) throw notFound("No open alert with that id");
  await logAlertResolved(tenantId, alert, actor, `marked resolved by ${by.label}`);
  return toAlertView(alert);
}
