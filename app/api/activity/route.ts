import { listActivity } from "@/lib/activity/list-activity";
import { listActivityQuerySchema } from "@/lib/activity/schemas";
import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, route } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/** The tenant's activity log, newest first; every member may read it (docs/activity.md). */
export const GET = route(async (request: Request) => {
  const { tenantId } = await requireTenant(request);
  const query = listActivityQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listActivity(tenantId, query);
  return jsonOk({ success: true, ...page });
});
