import { hasPermission } from "@/lib/auth/permissions";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { addMember } from "@/lib/members/add-member";
import { listInvitations } from "@/lib/members/list-invitations";
import { listMembers } from "@/lib/members/list-members";
import { addMemberSchema } from "@/lib/members/schemas";

export const dynamic = "force-dynamic";

/** Every member sees who belongs; pending invitations (their links are secrets) only owners and admins. */
export const GET = apiRoute({ access: "member" }, async (context) => {
  const canManage = hasPermission(context, "userAdmin");
  const [members, invitations] = await Promise.all([
    listMembers(context.tenantId),
    canManage ? listInvitations(context.tenantId) : [],
  ]);
  return jsonOk({ success: true, members, invitations, role: context.role, canManage });
});

/** Adds an existing account (201 `added`) or invites an unknown email (201 `invited`, with the link to hand over). */
export const POST = apiRoute(
  { access: "userAdmin", action: "manage members and API keys", body: addMemberSchema },
  async ({ body, request, tenantId, role, caller }) =>
    jsonOk({ success: true, ...(await addMember({ tenantId, role, caller }, body, request.headers)) }, { status: 201 }),
);
