import { listAcceptedDeliveries } from "@/lib/deliveries/list-accepted-deliveries";
import { listAcceptedDeliveriesQuerySchema } from "@/lib/deliveries/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { findSource } from "@/lib/sources/find-source";

export const dynamic = "force-dynamic";

/** A page of one source's accepted deliveries, with what each produced or why it produced nothing. */
export const GET = apiRoute(
  { access: "member", query: listAcceptedDeliveriesQuerySchema },
  async ({ tenantId, params, query }) => {
    const source = await findSource(tenantId, params.id ?? "");
    return jsonOk({ success: true, ...(await listAcceptedDeliveries(tenantId, { ...query, sourceId: source.id })) });
  },
);
