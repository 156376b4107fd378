import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, readJson, route } from "@/lib/http/json-response";
import { addMember } from "@/lib/members/add-member";
import { listInvitations } from "@/lib/members/list-invitations";
import { listMembers } from "@/lib/members/list-members";
import { requireMemberAdmin } from "@/lib/members/require-member-admin";
import { addMemberSchema } from "@/lib/members/schemas";

export const dynamic = "force-dynamic";

/** Every member sees who belongs; pending invitations (their links are secrets) only owners and admins. */
export const GET = route(async (request: Request) => {
  const { tenantId, role, caller } = await requireTenant(request);
  const canManage = caller.kind === "user" && (role === "owner" || role === "admin");
  const [members, invitations] = await Promise.all([listMembers(tenantId), canManage ? listInvitations(tenantId) : []]);
  return jsonOk({ success: true, members, invitations, role, canManage });
});

/** Adds an existing account (201 `added`) or invites an unknown email (201 `invited`, with the link to hand over). */
export const POST = route(async (request: Request) => {
  const admin = requireMemberAdmin(await requireTenant(request));
  const input = addMemberSchema.parse(await readJson(request));
  const result = await addMember(admin, input, request.headers);
  return jsonOk({ success: true, ...result }, { status: 201 });
});
