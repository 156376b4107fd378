import { logActivity } from "@/lib/activity/log-activity";
import { clearAlert } from "@/lib/alerts/clear-alert";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { announceOutboundChange } from "@/lib/outbound/announce-outbound-change";
import { forgetDeliveryConfig } from "@/lib/outbound/delivery-config";
import { forgetEndpoints } from "@/lib/outbound/endpoint-cache";
import { getStorage } from "@/lib/storage/registry";

/**
 * The delivery side turning an endpoint off: it answered 410 Gone, or failed `failures` attempts
 * in a row. The tenant's owners and admins get an alert (lib/alerts/raise-alert.ts); the activity log says why.
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
  // An urgent alert for its admins (bell, a toast that stays, the Alerts page); the streak alert it ends is resolved.
  await raiseAlert(
    tenantId,
    {
      kind: "endpoint-disabled",
      subject: endpoint.id,
      title: "Webhook endpoint disabled",
      detail: `${endpoint.url} was disabled because ${why}. Fix it, then re-enable it in Settings → Outbound endpoints.`,
      link: `/settings/outbound/${endpoint.id}`,
    },
    "outbound deliveries",
  );
  await clearAlert(
    tenantId,
    { kind: "endpoint-failing", subject: endpoint.id },
    { type: "system", label: "outbound deliveries" },
    "the endpoint was disabled (see that alert)",
  );
}
