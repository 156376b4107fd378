import { requireTenant } from "@/lib/auth/resolve-caller";
import { getDashboard } from "@/lib/dashboard/get-dashboard";
import { dashboardQuerySchema } from "@/lib/dashboard/schemas";
import { jsonOk, route } from "@/lib/http/json-response";

/** The live dashboard's KPIs for the viewer's day and the newest orders. */
export const GET = route(async (request: Request) => {
  const { tenantId } = await requireTenant(request);
  const { tz } = dashboardQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return jsonOk({ success: true, ...(await getDashboard(tenantId, tz)) });
});
