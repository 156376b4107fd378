import { actorOf } from "@/lib/activity/actor-of";
import { logActivity } from "@/lib/activity/log-activity";
import { getAuth } from "@/lib/auth/auth";
import type { MemberAdmin } from "@/lib/auth/permissions";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { countOwners } from "@/lib/members/count-owners";
import { findMember } from "@/lib/members/find-member";
import type { MemberView } from "@/lib/members/list-members";
import type { Role } from "@/lib/tenants/schemas";

const lastOwner = () => new AppError("conflict", "A workspace needs an owner: make someone else owner before changing this role");

/** Changes a member's role: only an owner grants or takes away owner, and the last owner stays one. */
export async function changeMemberRole(admin: MemberAdmin, userId: string, role: Role): Promise<MemberView> {
  const { tenantId } = admin;
  const target = await findMember(tenantId, userId);
  if (!target) throw notFound("Member not found");
  if (target.role === role) return target;
  if ((target.role === "owner" || role === "owner") && admin.role !== "owner") {
    throw forbidden("Only an owner can grant or change the owner role");
  }
  if (target.role === "owner" && (await countOwners(tenantId)) <= 1) throw lastOwner();

  const { adapter } = await getAuth().$context;
  const where = [
    { field: "organizationId", value: tenantId },
    { field: "userId", value: userId },
  ];
  await adapter.update({ model: "member", where, update: { role } });
  // No transactions: two owners demoting each other at once could both pass the check above.
  if (target.role === "owner" && (await countOwners(tenantId)) === 0) {
    await adapter.update({ model: "member", where, update: { role: "owner" } });
    throw lastOwner();
  }
  await logActivity(tenantId, {
    kind: "member.role_changed",
    actor: actorOf(admin.caller),
    summary: `${target.email}: ${target.role} → ${role}`,
    refs: { userId },
    before: { email: target.email, role: target.role },
    after: { email: target.email, role },
  });
  return { ...target, role };
}
