import { actorOf } from "@/lib/activity/actor-of";
import { logActivity } from "@/lib/activity/log-activity";
import type { MemberAdmin } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { findInvitation } from "@/lib/members/find-invitation";
import { withdrawInvitation } from "@/lib/members/withdraw-invitation";

/** Cancels one of the tenant's pending invitations: its link stops working at once. */
export async function cancelInvitation(admin: MemberAdmin, invitationId: string): Promise<void> {
  const invitation = await findInvitation(invitationId, { tenantId: admin.tenantId });
  if (!invitation) throw notFound("Invitation not found");
  await withdrawInvitation(admin.tenantId, invitationId);
  await logActivity(admin.tenantId, {
    kind: "invitation.canceled",
    actor: actorOf(admin.caller),
    summary: `Invitation for ${invitation.email} canceled`,
    refs: { invitationId },
    before: { email: invitation.email, role: invitation.role, status: "pending" },
    after: { status: "canceled" },
  });
}
