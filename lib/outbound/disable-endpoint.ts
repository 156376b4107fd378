import { logActivity } from "@/lib/activity/log-activity";
import { notify } from "@/lib/notifications/notify";
import { announceOutboundChange } from "@/lib/outbound/announce-outbound-change";
import { forgetDeliveryConfig } from "@/lib/outbound/delivery-config";
import { forgetEndpoints } from "@/lib/outbound/endpoint-cache";
import { getStorage } from "@/lib/storage/registry";
import { listTenantAdmins } from "@/lib/tenants/list-tenant-admins";

/**
 * The delivery side turning an endpoint off: it answered 410 Gone, or failed `failures` attempts
 * in a row. The tenant's owners and admins get a notification (bell + toast); the activity log says why.
 */
export async function disableEndpoint(
  tenantId: string,
  endpoint: { id: string; url: string },
  reason: "failing" | "gone",
  detail: { failures?: number; status?: number | null },
): Promise<void> {
  const disabledAt = new Date();
  // Several workers may see it fail at once: only the one that turns it off logs and notifies.
  if (!(await getStorage().outbound.disableEndpoint(tenantId, endpoint.id, reason, disabledAt))) return;
  forgetEndpoints(tenantId);
  forgetDeliveryConfig(tenantId, endpoint.id);
  // Open settings pages show it disabled now, not after the log and the notifications are written.
  announceOutboundChange(tenantId, endpoint.id, "outbound.endpoint.disabled");
  const why =
    reason === "gone"
      ? "it answered 410 Gone"
      : `its last ${detail.failures} delivery attempts failed${detail.status ? ` (last: HTTP ${detail.status})` : ""}`;
  await logActivity(tenantId, {
    kind: "outbound.endpoint.auto_disabled",
    actor: { type: "system", label: "outbound deliveries" },
    summary: `Outbound endpoint disabled automatically: ${endpoint.url} — ${why}`,
    refs: { endpointId: endpoint.id },
    before: { enabled: true },
    after: { enabled: false, disabledReason: reason },
  });
  const admins = await listTenantAdmins(tenantId);
  await Promise.all(
    admins.map((userId) =>
      notify(tenantId, `outbound:${endpoint.id}:disabled:${disabledAt.getTime()}:${userId}`, {
        title: "Webhook endpoint disabled",
        message: `${endpoint.url} was disabled because ${why}. Fix it, then re-enable it in Settings → Outbound endpoints.`,
        type: "error",
        priority: "high",
        actionUrl: `/settings/outbound/${endpoint.id}`,
        actionText: "Open endpoint",
        userId,
        metadata: { endpointId: endpoint.id, reason },
      }),
    ),
  );
}
