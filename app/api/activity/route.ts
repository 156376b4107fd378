import { listActivity } from "@/lib/activity/list-activity";
import { listActivityQuerySchema } from "@/lib/activity/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/** The tenant's activity log, newest first; every member may read it (docs/activity.md). */
export const GET = apiRoute({ access: "member", query: listActivityQuerySchema }, async ({ tenantId, query }) =>
  jsonOk({ success: true, ...(await listActivity(tenantId, query)) }),
);
