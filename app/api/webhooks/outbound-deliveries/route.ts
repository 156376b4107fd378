import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { listOutboundDeliveries } from "@/lib/outbound/list-outbound-deliveries";
import { listDeliveriesQuerySchema } from "@/lib/outbound/schemas";

export const dynamic = "force-dynamic";

/** `?endpointId&status=failed|succeeded|pending&from&to&cursor&limit=50`: a page of the newest deliveries with every attempt. */
export const GET = apiRoute({ access: "member", query: listDeliveriesQuerySchema }, async ({ tenantId, query }) =>
  jsonOk({ success: true, ...(await listOutboundDeliveries(tenantId, query)) }),
);
