import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { changeMemberRole } from "@/lib/members/change-member-role";
import { removeTenantMember } from "@/lib/members/remove-tenant-member";
import { changeRoleSchema } from "@/lib/members/schemas";

const manage = { access: "userAdmin", action: "manage members and API keys" } as const;

export const PATCH = apiRoute({ ...manage, body: changeRoleSchema }, async ({ params, body, tenantId, role, caller }) =>
  jsonOk({ success: true, member: await changeMemberRole({ tenantId, role, caller }, params.userId ?? "", body.role) }),
);

export const DELETE = apiRoute(manage, async ({ params, tenantId, role, caller }) => {
  await removeTenantMember({ tenantId, role, caller }, params.userId ?? "");
  return jsonOk({ success: true });
});
