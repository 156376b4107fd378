import { actorOf } from "@/lib/activity/actor-of";
import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, route } from "@/lib/http/json-response";
import { sendTestEvent } from "@/lib/outbound/send-test-event";
import { requireSettingsAdmin } from "@/lib/webhook-settings/require-settings-admin";

export const dynamic = "force-dynamic";

/** Sends a signed `test` event now and answers with the attempt (status, latency, excerpt, error). */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const context = await requireTenant(request);
  requireSettingsAdmin(context);
  const { id } = await params;
  const result = await sendTestEvent(context.tenantId, id, actorOf(context.caller));
  return jsonOk({ success: result.attempt.ok, ...result });
});
