import { getAuth } from "@/lib/auth/auth";
import type { Role } from "@/lib/tenants/schemas";

/** The user's role in the tenant, or null when they are not a member. */
export async function getMembership(tenantId: string, userId: string): Promise<{ role: Role } | null> {
  const { adapter } = await getAuth().$context;
  const member = await adapter.findOne<{ role: Role }>({
    model: "member",
    where: [
      { field: "organizationId", value: tenantId },
      { field: "userId", value: userId },
    ],
  });
  return member ? { role: member.role } : null;
}
