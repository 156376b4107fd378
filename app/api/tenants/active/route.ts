import { getAuth } from "@/lib/auth/auth";
import { notFound } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { getMembership } from "@/lib/tenants/get-membership";
import { switchTenantSchema } from "@/lib/tenants/schemas";

/** Tenant switcher: only among the caller's own tenants; any other id is 404, as if it did not exist. */
export const POST = apiRoute({ access: "signedIn", body: switchTenantSchema }, async ({ caller, body, request }) => {
  if (caller.kind !== "user" || !(await getMembership(body.tenantId, caller.userId))) throw notFound("Tenant not found");
  await getAuth().api.setActiveOrganization({ headers: request.headers, body: { organizationId: body.tenantId } });
  return jsonOk({ success: true, tenantId: body.tenantId });
});
