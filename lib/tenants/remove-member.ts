import { getAuth } from "@/lib/auth/auth";
import { evictFromTenant } from "@/lib/realtime/evict-from-tenant";

/**
 * Removes a user from a tenant: their membership row (as better-auth's organization plugin
 * stores it) and, at once, their open tabs from the tenant's live events. Answers whether they
 * were a member. Refusing to remove the last owner is the caller's decision, not this verb's.
 */
export async function removeMember(tenantId: string, userId: string): Promise<boolean> {
  const { adapter } = await getAuth().$context;
  const removed = await adapter.deleteMany({
    model: "member",
    where: [
      { field: "organizationId", value: tenantId },
      { field: "userId", value: userId },
    ],
  });
  // Even with no row left to delete: a tab may have joined before an earlier removal landed.
  evictFromTenant(tenantId, userId);
  return removed > 0;
}
