import { actorOf } from "@/lib/activity/actor-of";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { rotateEndpointSecret } from "@/lib/outbound/rotate-endpoint-secret";

export const dynamic = "force-dynamic";

/** A new signing secret, shown in this answer only. */
export const POST = apiRoute({ access: "admin", action: "change webhook settings" }, async ({ tenantId, caller, params }) =>
  jsonOk({ success: true, ...(await rotateEndpointSecret(tenantId, params.id ?? "", actorOf(caller))) }),
);
