import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { getDeliveryInsights } from "@/lib/insights/get-delivery-insights";
import { deliveryInsightsQuerySchema } from "@/lib/insights/schemas";

/** Inbound deliveries accepted and refused by reason, and outbound success rate and latency per endpoint, over 24 h / 7 / 30 / 90 days. */
export const GET = apiRoute({ access: "member", query: deliveryInsightsQuerySchema }, async ({ tenantId, query }) =>
  jsonOk({ success: true, ...(await getDeliveryInsights(tenantId, query.range, query.tz)) }),
);
