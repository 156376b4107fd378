import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, route } from "@/lib/http/json-response";
import { listOutboundDeliveries } from "@/lib/outbound/list-outbound-deliveries";
import { listDeliveriesQuerySchema } from "@/lib/outbound/schemas";

export const dynamic = "force-dynamic";

/** `?endpointId=…&status=failed|succeeded|pending&limit=50`: the newest deliveries with every attempt. */
export const GET = route(async (request: Request) => {
  const { tenantId } = await requireTenant(request);
  const params = new URL(request.url).searchParams;
  const query = listDeliveriesQuerySchema.parse({
    endpointId: params.get("endpointId") ?? undefined,
    status: params.get("status") ?? undefined,
    limit: params.get("limit") ?? undefined,
  });
  return jsonOk({ success: true, deliveries: await listOutboundDeliveries(tenantId, query) });
});
