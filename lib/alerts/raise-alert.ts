import { logActivity } from "@/lib/activity/log-activity";
import { announceAlertChange } from "@/lib/alerts/announce-alert-change";
import { notify } from "@/lib/notifications/notify";
import type { RaisedAlert } from "@/lib/storage/ports/alerts";
import { getStorage } from "@/lib/storage/registry";
import { listTenantAdmins } from "@/lib/tenants/list-tenant-admins";

/**
 * Opens an alert unless it is open already. The call that opens it — one, however many processes
 * see the failure — logs it and sends each owner and admin an urgent notification (bell, and a toast
 * that stays until closed) leading to the Alerts page.
 */
export async function raiseAlert(tenantId: string, raised: RaisedAlert, actorLabel: string): Promise<boolean> {
  const { opened, alert } = await getStorage().alerts.raise(tenantId, raised, new Date());
  if (!opened) return false;
  announceAlertChange(tenantId, alert.id, "alert.opened");
  const admins = await listTenantAdmins(tenantId);
  await Promise.all(
    admins.map((userId) =>
      notify(tenantId, `alert:${alert.id}:${alert.occurrences}:${userId}`, {
        title: alert.title,
        message: alert.detail,
        type: "error",
        priority: "urgent",
        actionUrl: "/alerts",
        actionText: "Open alerts",
        userId,
        metadata: { alertId: alert.id, alertKind: alert.kind, subject: alert.subject },
      }),
    ),
  );
  // After the notifications: the people come first, and a failing log cannot keep them uninformed.
  await logActivity(tenantId, {
    kind: "alert.opened",
    actor: { type: "system", label: actorLabel },
    summary: `Alert opened: ${alert.title} — ${alert.detail}`,
    refs: { alertId: alert.id, alertKind: alert.kind, subject: alert.subject },
  });
  return true;
}
