import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";

/** Revokes the key: requests with it answer 401 from now on. */
export const DELETE = apiRoute({ access: "userAdmin", action: "revoke API keys" }, async ({ params, tenantId, role, caller }) => {
  await revokeApiKey({ tenantId, role, caller }, params.id ?? "");
  return jsonOk({ success: true });
});
