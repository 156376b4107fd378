import { actorOf } from "@/lib/activity/actor-of";
import { hasPermission } from "@/lib/auth/permissions";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { getWebhookSettings } from "@/lib/webhook-settings/get-webhook-settings";
import { updateWebhookSettingsSchema } from "@/lib/webhook-settings/schemas";
import { updateWebhookSettings } from "@/lib/webhook-settings/update-webhook-settings";

export const dynamic = "force-dynamic";

/** Every member may read the settings (the page shows them read-only to members). */
export const GET = apiRoute({ access: "member" }, async (context) =>
  jsonOk({ success: true, settings: await getWebhookSettings(context.tenantId), canEdit: hasPermission(context, "admin") }),
);

export const PATCH = apiRoute(
  { access: "admin", action: "change webhook settings", body: updateWebhookSettingsSchema },
  async ({ tenantId, caller, body }) =>
    jsonOk({ success: true, settings: await updateWebhookSettings(tenantId, body, actorOf(caller)) }),
);
