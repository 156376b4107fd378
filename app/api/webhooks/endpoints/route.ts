import { actorOf } from "@/lib/activity/actor-of";
import { hasPermission } from "@/lib/auth/permissions";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { createEndpoint } from "@/lib/outbound/create-endpoint";
import { hideHeaderValues } from "@/lib/outbound/hide-header-values";
import { listEndpoints } from "@/lib/outbound/list-endpoints";
import { outboundState } from "@/lib/outbound/outbound-runtime";
import { createEndpointSchema } from "@/lib/outbound/schemas";

export const dynamic = "force-dynamic";

/** Every member may read the tenant's endpoints and their stats; only admins see custom header values. */
export const GET = apiRoute({ access: "member" }, async (context) => {
  const canEdit = hasPermission(context, "admin");
  const endpoints = await listEndpoints(context.tenantId);
  return jsonOk({
    success: true,
    endpoints: canEdit ? endpoints : endpoints.map(hideHeaderValues),
    outbound: { available: outboundState() === "up" },
    canEdit,
  });
});

/** The answer carries the endpoint's signing secret: the only time it is ever shown. */
export const POST = apiRoute(
  { access: "admin", action: "change webhook settings", body: createEndpointSchema },
  async ({ tenantId, caller, body }) =>
    jsonOk({ success: true, ...(await createEndpoint(tenantId, body, actorOf(caller))) }, { status: 201 }),
);
