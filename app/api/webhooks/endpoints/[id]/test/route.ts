import { actorOf } from "@/lib/activity/actor-of";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { sendTestEvent } from "@/lib/outbound/send-test-event";

export const dynamic = "force-dynamic";

/** Sends a signed `test` event now and answers with the attempt (status, latency, excerpt, error). */
export const POST = apiRoute({ access: "admin", action: "change webhook settings" }, async ({ tenantId, caller, params }) => {
  const result = await sendTestEvent(tenantId, params.id ?? "", actorOf(caller));
  return jsonOk({ success: result.attempt.ok, ...result });
});
