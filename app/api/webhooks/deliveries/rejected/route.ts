import { listRejectedDeliveries } from "@/lib/deliveries/list-rejected-deliveries";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/** The tenant's newest refused deliveries, for the deliveries debugger. */
export const GET = apiRoute({ access: "member" }, async ({ tenantId }) =>
  jsonOk({ success: true, deliveries: await listRejectedDeliveries(tenantId) }),
);
