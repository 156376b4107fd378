import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, route } from "@/lib/http/json-response";
import { requireSettingsAdmin } from "@/lib/webhook-settings/require-settings-admin";
import { sendTestWebhook } from "@/lib/webhook-settings/send-test-webhook";

export const dynamic = "force-dynamic";

/** Runs a signed sample through the real inbound pipeline and reports each step with its time. */
export const POST = route(async (request: Request) => {
  const context = await requireTenant(request);
  requireSettingsAdmin(context);
  const report = await sendTestWebhook(context.tenantId);
  return jsonOk(report);
});
