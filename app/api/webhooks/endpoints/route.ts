import { actorOf } from "@/lib/activity/actor-of";
import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, readJson, route } from "@/lib/http/json-response";
import { createEndpoint } from "@/lib/outbound/create-endpoint";
import { hideHeaderValues } from "@/lib/outbound/hide-header-values";
import { listEndpoints } from "@/lib/outbound/list-endpoints";
import { outboundState } from "@/lib/outbound/outbound-runtime";
import { createEndpointSchema } from "@/lib/outbound/schemas";
import { requireSettingsAdmin } from "@/lib/webhook-settings/require-settings-admin";

export const dynamic = "force-dynamic";

/** Every member may read the tenant's endpoints and their stats; only admins see custom header values. */
export const GET = route(async (request: Request) => {
  const { tenantId, role } = await requireTenant(request);
  const canEdit = role === "owner" || role === "admin";
  const endpoints = await listEndpoints(tenantId);
  return jsonOk({
    success: true,
    endpoints: canEdit ? endpoints : endpoints.map(hideHeaderValues),
    outbound: { available: outboundState() === "up" },
    canEdit,
  });
});

/** The answer carries the endpoint's signing secret: the only time it is ever shown. */
export const POST = route(async (request: Request) => {
  const context = await requireTenant(request);
  requireSettingsAdmin(context);
  const input = createEndpointSchema.parse(await readJson(request));
  const created = await createEndpoint(context.tenantId, input, actorOf(context.caller));
  return jsonOk({ success: true, ...created }, { status: 201 });
});
