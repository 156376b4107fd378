import { requireTenant } from "@/lib/auth/resolve-caller";
import { listAcceptedDeliveries } from "@/lib/deliveries/list-accepted-deliveries";
import { listAcceptedDeliveriesQuerySchema } from "@/lib/deliveries/schemas";
import { jsonOk, route } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/** The tenant's newest accepted deliveries, for the deliveries log (every member may read it). */
export const GET = route(async (request: Request) => {
  const { tenantId } = await requireTenant(request);
  const query = listAcceptedDeliveriesQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return jsonOk({ success: true, deliveries: await listAcceptedDeliveries(tenantId, query) });
});
