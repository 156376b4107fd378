import { listAcceptedDeliveries } from "@/lib/deliveries/list-accepted-deliveries";
import { listAcceptedDeliveriesQuerySchema } from "@/lib/deliveries/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/** A page of the tenant's accepted deliveries, filtered and searched (every member may read it). */
export const GET = apiRoute({ access: "member", query: listAcceptedDeliveriesQuerySchema }, async ({ tenantId, query }) =>
  jsonOk({ success: true, ...(await listAcceptedDeliveries(tenantId, query)) }),
);
