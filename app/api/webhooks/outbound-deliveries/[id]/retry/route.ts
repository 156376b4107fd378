import { actorOf } from "@/lib/activity/actor-of";
import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, route } from "@/lib/http/json-response";
import { retryOutboundDelivery } from "@/lib/outbound/retry-outbound-delivery";
import { requireSettingsAdmin } from "@/lib/webhook-settings/require-settings-admin";

export const dynamic = "force-dynamic";

/** Queues one more attempt of a finished delivery; 202 because it runs on the queue. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const context = await requireTenant(request);
  requireSettingsAdmin(context);
  const { id } = await params;
  return jsonOk(
    { success: true, ...(await retryOutboundDelivery(context.tenantId, id, actorOf(context.caller))) },
    { status: 202 },
  );
});
