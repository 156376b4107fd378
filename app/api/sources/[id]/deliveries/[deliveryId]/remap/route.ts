import { actorOf } from "@/lib/activity/actor-of";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { remapSourceDelivery } from "@/lib/sources/remap-source-delivery";

export const dynamic = "force-dynamic";

/** Maps a stored delivery again with the source's current options; what it produced, as the platform would have been answered. */
export const POST = apiRoute({ access: "admin", action: "change webhook settings" }, async ({ tenantId, caller, params }) => {
  const answer = await remapSourceDelivery(tenantId, params.id ?? "", params.deliveryId ?? "", actorOf(caller));
  return jsonOk({ ...answer.body, status: answer.status });
});
