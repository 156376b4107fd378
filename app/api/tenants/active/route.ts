import { getAuth } from "@/lib/auth/auth";
import { requireCaller } from "@/lib/auth/resolve-caller";
import { notFound } from "@/lib/errors";
import { jsonOk, readJson, route } from "@/lib/http/json-response";
import { getMembership } from "@/lib/tenants/get-membership";
import { switchTenantSchema } from "@/lib/tenants/schemas";

/** Tenant switcher: only among the caller's own tenants; any other id is 404, as if it did not exist. */
export const POST = route(async (request: Request) => {
  const caller = await requireCaller(request.headers);
  const { tenantId } = switchTenantSchema.parse(await readJson(request));
  if (caller.kind !== "user" || !(await getMembership(tenantId, caller.userId))) throw notFound("Tenant not found");
  await getAuth().api.setActiveOrganization({ headers: request.headers, body: { organizationId: tenantId } });
  return jsonOk({ success: true, tenantId });
});
