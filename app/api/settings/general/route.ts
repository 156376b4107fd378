import { actorOf } from "@/lib/activity/actor-of";
import { getGeneralSettings } from "@/lib/general-settings/get-general-settings";
import { updateGeneralSettingsSchema } from "@/lib/general-settings/schemas";
import { updateGeneralSettings } from "@/lib/general-settings/update-general-settings";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/** The store's time zone and currency: every member reads them, owners and admins change them. */
export const GET = apiRoute({ access: "member" }, async ({ tenantId }) =>
  jsonOk({ success: true, settings: await getGeneralSettings(tenantId) }),
);

export const PATCH = apiRoute(
  { access: "admin", action: "change store settings", body: updateGeneralSettingsSchema },
  async ({ tenantId, caller, body }) =>
    jsonOk({ success: true, settings: await updateGeneralSettings(tenantId, body, actorOf(caller)) }),
);
