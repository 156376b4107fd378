import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { WebhookSettingsPanel } from "@/components/webhook-settings/webhook-settings-panel";
import { getPageContext } from "@/lib/auth/get-page-context";
import { hasPermission } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { getWebhookSettings } from "@/lib/webhook-settings/get-webhook-settings";

export const metadata: Metadata = { title: "Inbound webhooks" };

export default async function InboundSettingsPage() {
  const { current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  const settings = await getWebhookSettings(current.tenantId);
  const canEdit = hasPermission({ role: current.role, caller: { kind: "user" } }, "admin");
  return (
    <>
      <PageHeader title="Inbound" description="Receive orders, payments and notifications from your platforms." />
      <WebhookSettingsPanel
        section="inbound"
        tenantId={current.tenantId}
        initial={settings}
        canEdit={canEdit}
        defaultGraceHours={getEnv().WEBHOOK_SECRET_GRACE_S / 3600}
      />
    </>
  );
}
