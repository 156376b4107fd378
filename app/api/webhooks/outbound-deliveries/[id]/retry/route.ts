import { actorOf } from "@/lib/activity/actor-of";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { retryOutboundDelivery } from "@/lib/outbound/retry-outbound-delivery";

export const dynamic = "force-dynamic";

/** Queues one more attempt of a finished delivery; 202 because it runs on the queue. */
export const POST = apiRoute({ access: "admin", action: "change webhook settings" }, async ({ tenantId, caller, params }) =>
  jsonOk({ success: true, ...(await retryOutboundDelivery(tenantId, params.id ?? "", actorOf(caller))) }, { status: 202 }),
);
