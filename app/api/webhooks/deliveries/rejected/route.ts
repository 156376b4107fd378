import { requireTenant } from "@/lib/auth/resolve-caller";
import { listRejectedDeliveries } from "@/lib/deliveries/list-rejected-deliveries";
import { jsonOk, route } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/** The tenant's newest refused deliveries, for the deliveries debugger. */
export const GET = route(async (request: Request) => {
  const { tenantId } = await requireTenant(request);
  return jsonOk({ success: true, deliveries: await listRejectedDeliveries(tenantId) });
});
