import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { createApiKeySchema } from "@/lib/api-keys/schemas";
import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, readJson, route } from "@/lib/http/json-response";
import { requireMemberAdmin } from "@/lib/members/require-member-admin";

export const dynamic = "force-dynamic";

/** Names and first characters only, never a key; every member may look. */
export const GET = route(async (request: Request) => {
  const { tenantId } = await requireTenant(request);
  return jsonOk({ success: true, keys: await listApiKeys(tenantId) });
});

/** Creates a tenant API key for machine callers. The key is returned once; only its hash is stored. */
export const POST = route(async (request: Request) => {
  const admin = requireMemberAdmin(await requireTenant(request), "create API keys");
  const { name } = createApiKeySchema.parse(await readJson(request));
  const created = await createApiKey(admin, name);
  return jsonOk({ success: true, ...created }, { status: 201 });
});
