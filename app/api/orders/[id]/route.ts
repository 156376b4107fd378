import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, route } from "@/lib/http/json-response";
import { getOrderDetail } from "@/lib/orders/get-order-detail";

/** One order with its payments and timeline; another tenant's order is 404, as if it did not exist. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { tenantId } = await requireTenant(request);
  const { id } = await params;
  return jsonOk({ success: true, order: await getOrderDetail(tenantId, id) });
});
