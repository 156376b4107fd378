import { actorOf } from "@/lib/activity/actor-of";
import { replayAcceptedDelivery } from "@/lib/deliveries/replay-accepted-delivery";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/** Sends an accepted delivery through the pipeline again, exactly once: its outcome in words, and what the platform would have been answered (`result`, with its `status`). */
export const POST = apiRoute({ access: "admin", action: "replay deliveries" }, async ({ tenantId, caller, params }) => {
  const answer = await replayAcceptedDelivery(tenantId, params.id ?? "", actorOf(caller));
  return jsonOk({ success: true, status: answer.status, outcome: answer.outcome, result: answer.body });
});
