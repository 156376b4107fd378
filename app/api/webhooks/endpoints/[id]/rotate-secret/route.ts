import { actorOf } from "@/lib/activity/actor-of";
import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, route } from "@/lib/http/json-response";
import { rotateEndpointSecret } from "@/lib/outbound/rotate-endpoint-secret";
import { requireSettingsAdmin } from "@/lib/webhook-settings/require-settings-admin";

export const dynamic = "force-dynamic";

/** A new signing secret, shown in this answer only. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const context = await requireTenant(request);
  requireSettingsAdmin(context);
  const { id } = await params;
  return jsonOk({ success: true, ...(await rotateEndpointSecret(context.tenantId, id, actorOf(context.caller))) });
});
