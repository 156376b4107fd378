import type { Metadata } from "next";
import { OutboundEndpoints } from "@/components/outbound/outbound-endpoints";
import { PageHeader } from "@/components/page-header";
import { WebhookSettingsPanel } from "@/components/webhook-settings/webhook-settings-panel";
import { getPageContext } from "@/lib/auth/get-page-context";
import { hasPermission } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { getWebhookSettings } from "@/lib/webhook-settings/get-webhook-settings";

export const metadata: Metadata = { title: "Outbound endpoints" };

export default async function OutboundSettingsPage() {
  const { current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  const settings = await getWebhookSettings(current.tenantId);
  const canEdit = hasPermission({ role: current.role, caller: { kind: "user" } }, "admin");
  return (
    <>
      <PageHeader
        title="Outbound endpoints"
        description="Forward this workspace's events to your own systems, signed with Standard Webhooks and retried on failure."
      />
      <div className="space-y-6">
        <OutboundEndpoints tenantId={current.tenantId} canEdit={canEdit} />
        <WebhookSettingsPanel
          section="outbound"
          tenantId={current.tenantId}
          initial={settings}
          canEdit={canEdit}
          defaultGraceHours={getEnv().WEBHOOK_SECRET_GRACE_S / 3600}
        />
      </div>
    </>
  );
}
