import { getAuth } from "@/lib/auth/auth";
import { requireTenant } from "@/lib/auth/resolve-caller";
import { createApiKeySchema } from "@/lib/auth/schemas";
import { forbidden } from "@/lib/errors";
import { jsonOk, readJson, route } from "@/lib/http/json-response";

/** Creates a tenant API key for machine callers. The key is returned once; only its hash is stored. */
export const POST = route(async (request: Request) => {
  const { tenantId, role, caller } = await requireTenant(request);
  if (caller.kind !== "user" || (role !== "owner" && role !== "admin"))
    throw forbidden("Only owners and admins can create API keys");
  const { name } = createApiKeySchema.parse(await readJson(request));
  const created = await getAuth().api.createApiKey({ body: { name, organizationId: tenantId, userId: caller.userId } });
  return jsonOk({ success: true, id: created.id, name: created.name, key: created.key, start: created.start }, { status: 201 });
});
