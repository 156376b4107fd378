import { reverifyRejectedDelivery } from "@/lib/deliveries/reverify-rejected-delivery";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/** Re-checks a refused delivery's signature with the current secrets and explains the failure (changes nothing). */
export const POST = apiRoute({ access: "member" }, async ({ tenantId, params }) =>
  jsonOk({ success: true, ...(await reverifyRejectedDelivery(tenantId, params.id ?? "")) }),
);
