import { listRejectedDeliveries } from "@/lib/deliveries/list-rejected-deliveries";
import { listRejectedDeliveriesQuerySchema } from "@/lib/deliveries/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/** A page of the tenant's refused deliveries, filtered and searched, for the deliveries debugger. */
export const GET = apiRoute({ access: "member", query: listRejectedDeliveriesQuerySchema }, async ({ tenantId, query }) =>
  jsonOk({ success: true, ...(await listRejectedDeliveries(tenantId, query)) }),
);
