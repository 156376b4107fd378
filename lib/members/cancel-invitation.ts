import { actorOf } from "@/lib/activity/actor-of";
import { logActivity } from "@/lib/activity/log-activity";
import { getAuth } from "@/lib/auth/auth";
import { notFound } from "@/lib/errors";
import { findInvitation } from "@/lib/members/find-invitation";
import type { MemberAdmin } from "@/lib/members/require-member-admin";

/** Cancels one of the tenant's pending invitations: its link stops working at once. */
export async function cancelInvitation(admin: MemberAdmin, invitationId: string): Promise<void> {
  const invitation = await findInvitation(invitationId, { tenantId: admin.tenantId });
  if (!invitation) throw notFound("Invitation not found");
  const { adapter } = await getAuth().$context;
  await adapter.update({
    model: "invitation",
    where: [
      { field: "id", value: invitationId },
      { field: "organizationId", value: admin.tenantId },
    ],
    update: { status: "canceled" },
  });
  await logActivity(admin.tenantId, {
    kind: "invitation.canceled",
    actor: actorOf(admin.caller),
    summary: `Invitation for ${invitation.email} canceled`,
    refs: { invitationId },
    before: { email: invitation.email, role: invitation.role, status: "pending" },
    after: { status: "canceled" },
  });
}
