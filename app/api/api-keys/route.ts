import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { createApiKeySchema } from "@/lib/api-keys/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

/** Names and first characters only, never a key; every member may look. */
export const GET = apiRoute({ access: "member" }, async ({ tenantId }) =>
  jsonOk({ success: true, keys: await listApiKeys(tenantId) }),
);

/** Creates a tenant API key for machine callers. The key is returned once; only its hash is stored. */
export const POST = apiRoute(
  { access: "userAdmin", action: "create API keys", body: createApiKeySchema, rateLimit: "create-api-key" },
  async ({ body, ...admin }) => jsonOk({ success: true, ...(await createApiKey(admin, body.name)) }, { status: 201 }),
);
