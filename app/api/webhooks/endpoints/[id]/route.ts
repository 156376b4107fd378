import { actorOf } from "@/lib/activity/actor-of";
import { hasPermission } from "@/lib/auth/permissions";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { getEndpointView } from "@/lib/outbound/get-endpoint-view";
import { removeEndpoint } from "@/lib/outbound/remove-endpoint";
import { updateEndpointSchema } from "@/lib/outbound/schemas";
import { updateEndpoint } from "@/lib/outbound/update-endpoint";

export const dynamic = "force-dynamic";

const change = { access: "admin", action: "change webhook settings" } as const;

export const GET = apiRoute({ access: "member" }, async ({ params, ...context }) => {
  const endpoint = await getEndpointView(context.tenantId, params.id ?? "", {
    showHeaderValues: hasPermission(context, "admin"),
  });
  return jsonOk({ success: true, endpoint });
});

/** Any subset of the fields; `{ enabled: true|false }` enables or disables it. */
export const PATCH = apiRoute({ ...change, body: updateEndpointSchema }, async ({ tenantId, caller, params, body }) =>
  jsonOk({ success: true, endpoint: await updateEndpoint(tenantId, params.id ?? "", body, actorOf(caller)) }),
);

export const DELETE = apiRoute(change, async ({ tenantId, caller, params }) => {
  await removeEndpoint(tenantId, params.id ?? "", actorOf(caller));
  return jsonOk({ success: true });
});
