import { requireTenant } from "@/lib/auth/resolve-caller";
import { reverifyRejectedDelivery } from "@/lib/deliveries/reverify-rejected-delivery";
import { jsonOk, route } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/** Re-checks a refused delivery's signature with the current secrets and explains the failure. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { tenantId } = await requireTenant(request);
  const { id } = await params;
  return jsonOk({ success: true, ...(await reverifyRejectedDelivery(tenantId, id)) });
});
