import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { listOrders } from "@/lib/orders/list-orders";
import { listOrdersQuerySchema } from "@/lib/orders/schemas";

export const dynamic = "force-dynamic";

/** The tenant's orders, newest first, filtered and searched, a page at a time (every member may read them). */
export const GET = apiRoute({ access: "member", query: listOrdersQuerySchema }, async ({ tenantId, query }) =>
  jsonOk({ success: true, ...(await listOrders(tenantId, query)) }),
);
