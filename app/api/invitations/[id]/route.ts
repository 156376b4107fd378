import { requireTenant } from "@/lib/auth/resolve-caller";
import { jsonOk, route } from "@/lib/http/json-response";
import { cancelInvitation } from "@/lib/members/cancel-invitation";
import { requireMemberAdmin } from "@/lib/members/require-member-admin";

export const DELETE = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const admin = requireMemberAdmin(await requireTenant(request));
  await cancelInvitation(admin, (await params).id);
  return jsonOk({ success: true });
});
