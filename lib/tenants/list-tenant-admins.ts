import { getAuth } from "@/lib/auth/auth";
import type { Role } from "@/lib/tenants/schemas";

/** The user ids of the tenant's owners and admins: who is told when something needs an admin. */
export async function listTenantAdmins(tenantId: string): Promise<string[]> {
  const { adapter } = await getAuth().$context;
  const members = await adapter.findMany<{ userId: string; role: Role }>({
    model: "member",
    where: [{ field: "organizationId", value: tenantId }],
  });
  return members.filter((m) => m.role === "owner" || m.role === "admin").map((m) => String(m.userId));
}
