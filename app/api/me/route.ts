import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { getTenant } from "@/lib/tenants/get-tenant";
import { listUserTenants } from "@/lib/tenants/list-user-tenants";

/** Who is calling and which tenant they act on; the tenant switcher and the tests rely on it. */
export const GET = apiRoute({ access: "member" }, async ({ tenantId, role, caller }) => {
  const tenant = { ...(await getTenant(tenantId)), role };
  if (caller.kind === "apiKey") return jsonOk({ success: true, kind: "apiKey", tenant });
  return jsonOk({
    success: true,
    kind: "user",
    user: { id: caller.userId, email: caller.email, name: caller.name },
    tenant,
    tenants: await listUserTenants(caller.userId),
  });
});
