import { requireCaller, resolveTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, route } from "@/lib/http/json-response";
import { getTenant } from "@/lib/tenants/get-tenant";
import { listUserTenants } from "@/lib/tenants/list-user-tenants";

/** Who is calling and which tenant they act on; the tenant switcher and the tests rely on it. */
export const GET = route(async (request: Request) => {
  const caller = await requireCaller(request.headers);
  const { tenantId, role } = await resolveTenant(caller, request.headers.get("x-tenant-id"));
  const tenant = await getTenant(tenantId);
  if (caller.kind === "apiKey") return jsonOk({ success: true, kind: "apiKey", tenant: { ...tenant, role } });
  return jsonOk({
    success: true,
    kind: "user",
    user: { id: caller.userId, email: caller.email, name: caller.name },
    tenant: { ...tenant, role },
    tenants: await listUserTenants(caller.userId),
  });
});
