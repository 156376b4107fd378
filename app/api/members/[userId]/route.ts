import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, readJson, route } from "@/lib/http/json-response";
import { changeMemberRole } from "@/lib/members/change-member-role";
import { removeTenantMember } from "@/lib/members/remove-tenant-member";
import { requireMemberAdmin } from "@/lib/members/require-member-admin";
import { changeRoleSchema } from "@/lib/members/schemas";

type Params = { params: Promise<{ userId: string }> };

export const PATCH = route(async (request: Request, { params }: Params) => {
  const admin = requireMemberAdmin(await requireTenant(request));
  const { role } = changeRoleSchema.parse(await readJson(request));
  const member = await changeMemberRole(admin, (await params).userId, role);
  return jsonOk({ success: true, member });
});

export const DELETE = route(async (request: Request, { params }: Params) => {
  const admin = requireMemberAdmin(await requireTenant(request));
  await removeTenantMember(admin, (await params).userId);
  return jsonOk({ success: true });
});
