import { actorOf } from "@/lib/activity/actor-of";
import { resolveAlert } from "@/lib/alerts/resolve-alert";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/** Marks an open alert resolved; 404 when the tenant has no open alert under that id. */
export const POST = apiRoute({ access: "admin", action: "resolve alerts" }, async ({ tenantId, caller, params }) =>
  jsonOk({ success: true, alert: await resolveAlert(tenantId, params.id ?? "", actorOf(caller)) }),
);
