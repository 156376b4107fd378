import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { getOrderDetail } from "@/lib/orders/get-order-detail";

/** One order with its payments and timeline; another tenant's order is 404, as if it did not exist. */
export const GET = apiRoute({ access: "member" }, async ({ tenantId, params }) =>
  jsonOk({ success: true, order: await getOrderDetail(tenantId, params.id ?? "") }),
);
