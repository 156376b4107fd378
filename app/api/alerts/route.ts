import { listAlerts } from "@/lib/alerts/list-alerts";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/** The tenant's alerts, open ones first, each with what to do. */
export const GET = apiRoute({ access: "member" }, async ({ tenantId }) =>
  jsonOk({ success: true, alerts: await listAlerts(tenantId) }),
);
