import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, route } from "@/lib/http/json-response";
import { requireMemberAdmin } from "@/lib/members/require-member-admin";

/** Revokes the key: requests with it answer 401 from now on. */
export const DELETE = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const admin = requireMemberAdmin(await requireTenant(request), "revoke API keys");
  await revokeApiKey(admin, (await params).id);
  return jsonOk({ success: true });
});
