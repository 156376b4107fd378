import { actorOf } from "@/lib/activity/actor-of";
import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, readJson, route } from "@/lib/http/json-response";
import { getWebhookSettings } from "@/lib/webhook-settings/get-webhook-settings";
import { requireSettingsAdmin } from "@/lib/webhook-settings/require-settings-admin";
import { updateWebhookSettingsSchema } from "@/lib/webhook-settings/schemas";
import { updateWebhookSettings } from "@/lib/webhook-settings/update-webhook-settings";

export const dynamic = "force-dynamic";

/** Every member may read the settings (the page shows them read-only to members). */
export const GET = route(async (request: Request) => {
  const { tenantId, role } = await requireTenant(request);
  const settings = await getWebhookSettings(tenantId);
  return jsonOk({ success: true, settings, canEdit: role === "owner" || role === "admin" });
});

export const PATCH = route(async (request: Request) => {
  const context = await requireTenant(request);
  requireSettingsAdmin(context);
  const update = updateWebhookSettingsSchema.parse(await readJson(request));
  const settings = await updateWebhookSettings(context.tenantId, update, actorOf(context.caller));
  return jsonOk({ success: true, settings });
});
