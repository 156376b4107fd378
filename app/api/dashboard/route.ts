import { getDashboard } from "@/lib/dashboard/get-dashboard";
import { dashboardQuerySchema } from "@/lib/dashboard/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";

/** The live dashboard's KPIs for the viewer's day and the newest orders. */
export const GET = apiRoute({ access: "member", query: dashboardQuerySchema }, async ({ tenantId, query }) =>
  jsonOk({ success: true, ...(await getDashboard(tenantId, query.tz)) }),
);
