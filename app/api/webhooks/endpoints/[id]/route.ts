import { actorOf } from "@/lib/activity/actor-of";
import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, readJson, route } from "@/lib/http/json-response";
import { readStats } from "@/lib/outbound/endpoint-stats";
import { findEndpoint } from "@/lib/outbound/find-endpoint";
import { hideHeaderValues } from "@/lib/outbound/hide-header-values";
import { removeEndpoint } from "@/lib/outbound/remove-endpoint";
import { updateEndpointSchema } from "@/lib/outbound/schemas";
import { toEndpointView } from "@/lib/outbound/to-endpoint-view";
import { updateEndpoint } from "@/lib/outbound/update-endpoint";
import { requireSettingsAdmin } from "@/lib/webhook-settings/require-settings-admin";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export const GET = route(async (request: Request, { params }: Params) => {
  const { tenantId, role } = await requireTenant(request);
  const { id } = await params;
  const doc = await findEndpoint(tenantId, id);
  const stats = await readStats([id]);
  const endpoint = toEndpointView(doc, stats?.get(id) ?? null);
  return jsonOk({ success: true, endpoint: role === "member" ? hideHeaderValues(endpoint) : endpoint });
});

/** Any subset of the fields; `{ enabled: true|false }` enables or disables it. */
export const PATCH = route(async (request: Request, { params }: Params) => {
  const context = await requireTenant(request);
  requireSettingsAdmin(context);
  const { id } = await params;
  const update = updateEndpointSchema.parse(await readJson(request));
  const endpoint = await updateEndpoint(context.tenantId, id, update, actorOf(context.caller));
  return jsonOk({ success: true, endpoint });
});

export const DELETE = route(async (request: Request, { params }: Params) => {
  const context = await requireTenant(request);
  requireSettingsAdmin(context);
  const { id } = await params;
  await removeEndpoint(context.tenantId, id, actorOf(context.caller));
  return jsonOk({ success: true });
});
