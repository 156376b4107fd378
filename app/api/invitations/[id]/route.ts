import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { cancelInvitation } from "@/lib/members/cancel-invitation";

export const DELETE = apiRoute(
  { access: "userAdmin", action: "manage members and API keys" },
  async ({ params, tenantId, role, caller }) => {
    await cancelInvitation({ tenantId, role, caller }, params.id ?? "");
    return jsonOk({ success: true });
  },
);
