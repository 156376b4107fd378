import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { getOrderInsights } from "@/lib/insights/get-order-insights";
import { orderInsightsQuerySchema } from "@/lib/insights/schemas";

/** Orders, revenue and payment outcomes over 24 h / 7 / 30 / 90 days, beside the period before. */
export const GET = apiRoute({ access: "member", query: orderInsightsQuerySchema }, async ({ tenantId, query }) =>
  jsonOk({ success: true, ...(await getOrderInsights(tenantId, query.range, query.tz)) }),
);
