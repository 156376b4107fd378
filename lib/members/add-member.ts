import { actorOf } from "@/lib/activity/actor-of";
import { logActivity } from "@/lib/activity/log-activity";
import { asAppError } from "@/lib/auth/as-app-error";
import { getAuth } from "@/lib/auth/auth";
import type { MemberAdmin } from "@/lib/auth/permissions";
import { AppError, forbidden } from "@/lib/errors";
import { findMember } from "@/lib/members/find-member";
import { type InvitationView, listInvitations } from "@/lib/members/list-invitations";
import type { MemberView } from "@/lib/members/list-members";
import type { AddMemberInput } from "@/lib/members/schemas";
import { withdrawInvitation } from "@/lib/members/withdraw-invitation";
import { startInboxAtJoining } from "@/lib/notifications/start-inbox-at-joining";
import { isDuplicateKey } from "@/lib/storage/errors";
import { stableId } from "@/lib/storage/ids";

export type AddMemberResult = { status: "added"; member: MemberView } | { status: "invited"; invitation: InvitationView };

/**
 * Adds the account with this email to the tenant at once; with no such account yet, creates a
 * pending invitation (better-auth's) whose link the admin hands over. Only an owner grants owner.
 * `headers` are the admin's request headers: the invitation is created in their session.
 */
export async function addMember(admin: MemberAdmin, input: AddMemberInput, headers: Headers): Promise<AddMemberResult> {
  const { tenantId, caller } = admin;
  if (input.role === "owner" && admin.role !== "owner") throw forbidden("Only an owner can grant the owner role");
  const { adapter } = await getAuth().$context;
  const user = await adapter.findOne<{ id: string }>({ model: "user", where: [{ field: "email", value: input.email }] });

  if (user) {
    const userId = String(user.id);
    const alreadyMember = () => new AppError("conflict", `${input.email} is already a member`);
    if (await findMember(tenantId, userId)) throw alreadyMember();
    // Under an id derived from (tenant, user), two admins adding the same person at once make one membership.
    await adapter
      .create({
        model: "member",
        data: {
          id: stableId("member", tenantId, userId),
          organizationId: tenantId,
          userId,
          role: input.role,
          createdAt: new Date(),
        },
        forceAllowId: true,
      })
      .catch((error: unknown) => {
        throw isDuplicateKey(error) ? alreadyMember() : error;
      });
    await startInboxAtJoining(tenantId, userId);
    // An invitation still pending for them would otherwise make a second membership when used.
    for (const invitation of await listInvitations(tenantId)) {
      if (invitation.email === input.email) await withdrawInvitation(tenantId, invitation.id);
    }
    await logActivity(tenantId, {
      kind: "member.added",
      actor: actorOf(caller),
      summary: `${input.email} added as ${input.role}`,
      refs: { userId },
      before: null,
      after: { email: input.email, role: input.role },
    });
    const member = await findMember(tenantId, userId);
    if (!member) throw new AppError("conflict", `${input.email} was removed meanwhile`);
    return { status: "added", member };
  }

  if ((await listInvitations(tenantId)).some((invitation) => invitation.email === input.email)) {
    throw new AppError("conflict", `${input.email} is already invited: copy the link from the pending invitations`);
  }
  const created = await getAuth()
    .api.createInvitation({ headers, body: { email: input.email, role: input.role, organizationId: tenantId } })
    .catch((error: unknown) => {
      throw asAppError(error);
    });
  const invitationId = String(created.id);
  await logActivity(tenantId, {
    kind: "invitation.created",
    actor: actorOf(caller),
    summary: `${input.email} invited as ${input.role}`,
    refs: { invitationId },
    before: null,
    after: { email: input.email, role: input.role, expiresAt: new Date(created.expiresAt).toISOString() },
  });
  const invitation = (await listInvitations(tenantId)).find((i) => i.id === invitationId);
  if (!invitation) throw new AppError("conflict", "The invitation was canceled meanwhile");
  return { status: "invited", invitation };
}
