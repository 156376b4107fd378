import { getAuth } from "@/lib/auth/auth";
import type { Role } from "@/lib/tenants/schemas";

export type UserTenant = { tenantId: string; name: string; slug: string; role: Role };

/** The tenants a user belongs to, oldest membership first; this is how a tenant id is ever obtained from a user. */
export async function listUserTenants(userId: string): Promise<UserTenant[]> {
  const { adapter } = await getAuth().$context;
  const members = await adapter.findMany<{ organizationId: string; role: Role; createdAt: Date }>({
    model: "member",
    where: [{ field: "userId", value: userId }],
    sortBy: { field: "createdAt", direction: "asc" },
  });
  if (members.length === 0) return [];
  const organizations = await adapter.findMany<{ id: string; name: string; slug: string }>({
    model: "organization",
    where: [{ field: "id", operator: "in", value: members.map((m) => m.organizationId) }],
  });
  const byId = new Map(organizations.map((o) => [String(o.id), o]));
  return members.flatMap((m) => {
    const org = byId.get(String(m.organizationId));
    return org ? [{ tenantId: String(org.id), name: org.name, slug: org.slug, role: m.role }] : [];
  });
}
