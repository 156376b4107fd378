import { actorOf } from "@/lib/activity/actor-of";
import { replayRejectedDelivery } from "@/lib/deliveries/replay-rejected-delivery";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/**
 * Sends a refused delivery through the pipeline again once its cause is fixed, exactly once: its outcome
 * in words and what the platform would now be answered (`result`, `status`), or 409 with why it is
 * still refused.
 */
export const POST = apiRoute({ access: "admin", action: "replay deliveries" }, async ({ tenantId, caller, params }) => {
  const answer = await replayRejectedDelivery(tenantId, params.id ?? "", actorOf(caller));
  return jsonOk({ success: true, status: answer.status, outcome: answer.outcome, result: answer.body });
});
