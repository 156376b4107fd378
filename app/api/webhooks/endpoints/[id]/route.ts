import { actorOf } from "@/lib/activity/actor-of";
import { hasPermission } from "@/lib/auth/permissions";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { readStats } from "@/lib/outbound/endpoint-stats";
import { findEndpoint } from "@/lib/outbound/find-endpoint";
import { hideHeaderValues } from "@/lib/outbound/hide-header-values";
import { removeEndpoint } from "@/lib/outbound/remove-endpoint";
import { updateEndpointSchema } from "@/lib/outbound/schemas";
import { toEndpointView } from "@/lib/outbound/to-endpoint-view";
import { updateEndpoint } from "@/lib/outbound/update-endpoint";

export const dynamic = "force-dynamic";

const change = { access: "admin", action: "change webhook settings" } as const;

export const GET = apiRoute({ access: "member" }, async ({ params, ...context }) => {
  const id = params.id ?? "";
  const doc = await findEndpoint(context.tenantId, id);
  const stats = await readStats([id]);
  const endpoint = toEndpointView(doc, stats?.get(id) ?? null);
  return jsonOk({ success: true, endpoint: hasPermission(context, "admin") ? endpoint : hideHeaderValues(endpoint) });
});

/** Any subset of the fields; `{ enabled: true|false }` enables or disables it. */
export const PATCH = apiRoute({ ...change, body: updateEndpointSchema }, async ({ tenantId, caller, params, body }) =>
  jsonOk({ success: true, endpoint: await updateEndpoint(tenantId, params.id ?? "", body, actorOf(caller)) }),
);

export const DELETE = apiRoute(change, async ({ tenantId, caller, params }) => {
  await removeEndpoint(tenantId, params.id ?? "", actorOf(caller));
  return jsonOk({ success: true });
});
