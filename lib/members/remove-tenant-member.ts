import { actorOf } from "@/lib/activity/actor-of";
import { logActivity } from "@/lib/activity/log-activity";
import type { MemberAdmin } from "@/lib/auth/permissions";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { countOwners } from "@/lib/members/count-owners";
import { findMember } from "@/lib/members/find-member";
import { removeMember } from "@/lib/tenants/remove-member";

/**
 * Removes a member on an admin's behalf: only an owner removes an owner, never the last one. The
 * removed user's open tabs leave the tenant's live events at once (lib/tenants/remove-member.ts).
 */
export async function removeTenantMember(admin: MemberAdmin, userId: string): Promise<void> {
  const { tenantId } = admin;
  const target = await findMember(tenantId, userId);
  if (!target) throw notFound("Member not found");
  if (target.role === "owner") {
    if (admin.role !== "owner") throw forbidden("Only an owner can remove an owner");
    if ((await countOwners(tenantId)) <= 1) {
      throw new AppError("conflict", "A workspace needs an owner: make someone else owner before removing this one");
    }
  }
  await removeMember(tenantId, userId);
  await logActivity(tenantId, {
    kind: "member.removed",
    actor: actorOf(admin.caller),
    summary: `${target.email} removed`,
    refs: { userId },
    before: { email: target.email, role: target.role },
    after: null,
  });
}
